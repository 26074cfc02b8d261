using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>
/// The identity service on Kestrel with its own database and RabbitMQ virtual host. Like
/// <see cref="ServiceHost{TMarker}"/>, plus <c>ConnectionStrings:Identity</c> (the runtime role) and <c>IdentityOwner</c> (the owner role, which
/// applies the EF Core migrations) and a port chosen before start, so <c>Identity:PublicUrl</c> (the
/// address mailed links point at) can name it.
/// </summary>
public sealed class IdentityHost(
    TestDatabase database,
    TestVirtualHost virtualHost,
    IReadOnlyDictionary<string, string?>? settings = null,
    string environment = "Development") : WebApplicationFactory<IdentityService>
{
    private readonly int _port = FreePort();

    /// <summary>Where Kestrel listens (starts the service if it is not yet running).</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            return Url;
        }
    }

    private Uri Url => new($"http://127.0.0.1:{_port}/");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Identity", database.AppConnectionString);
        builder.UseSetting("ConnectionStrings:IdentityOwner", database.OwnerConnectionString);
        builder.UseSetting("ConnectionStrings:Marten", database.AppConnectionString);
        builder.UseSetting("ConnectionStrings:MartenRelay", database.RelayConnectionString);
        builder.UseSetting("ConnectionStrings:MartenOwner", database.OwnerConnectionString);
        builder.UseSetting("ConnectionStrings:RabbitMq", virtualHost.Uri);
        builder.UseSetting("Platform:PrefectureCode", TestEnvironment.PrefectureCode);
        builder.UseSetting("Tenancy:RefreshSeconds", "1");
        builder.UseSetting("Identity:PublicUrl", Url.ToString());
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        // Listen on the options, not UseKestrel(port): that sets the address after Build, racing the
        // app's own Run (minimal hosting), and loses with \"Addresses cannot be modified after the server has started\".
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, _port));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
