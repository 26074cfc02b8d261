using Microsoft.Extensions.Logging;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace SharedServices.Testing;

/// <summary>
/// One service running for real: Kestrel on a free loopback port, its own database, a shared
/// RabbitMQ virtual host, and any extra settings. <typeparamref name="TMarker"/> is any public type
/// of the service's assembly. The port is free and chosen at start (0) unless one is given (when
/// another service must know the address before this one starts: <see cref="TestEnvironment.FreePort"/>).
/// </summary>
public sealed class ServiceHost<TMarker>(
    TestDatabase database,
    TestVirtualHost virtualHost,
    IReadOnlyDictionary<string, string?>? settings = null,
    string environment = "Development",
    int port = 0) : WebApplicationFactory<TMarker> where TMarker : class
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Marten", database.AppConnectionString);
        builder.UseSetting("ConnectionStrings:MartenRelay", database.RelayConnectionString);
        builder.UseSetting("ConnectionStrings:MartenOwner", database.OwnerConnectionString);
        builder.UseSetting("ConnectionStrings:RabbitMq", virtualHost.Uri);
        builder.UseSetting("Platform:PrefectureCode", TestEnvironment.PrefectureCode);
        builder.UseSetting("Tenancy:RefreshSeconds", "1");
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        // Listen on the options, not UseKestrel(port): that sets the address after Build, racing the
        // app's own Run (minimal hosting), and loses with \"Addresses cannot be modified after the server has started\".
        UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        if (Environment.GetEnvironmentVariable("SS_TEST_LOG") is { } log)
        {
            builder.ConfigureLogging(l => l.AddProvider(new FileLog(log + "." + typeof(TMarker).Assembly.GetName().Name)));
        }
    }

    /// <summary>A client that addresses the service as <c>{host}</c> (e.g. <c>kaneyama.localhost</c>) over loopback.</summary>
    public HttpClient CreateClientForHost(string host)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Host = host;
        return client;
    }
}
