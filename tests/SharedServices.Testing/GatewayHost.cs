using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SharedServices.Gateway;

namespace SharedServices.Testing;

/// <summary>
/// The edge gateway on Kestrel (a free loopback port unless one is given), its routes and clusters from
/// its appsettings.json with <paramref name="settings"/> on top (e.g. a cluster's destination:
/// <c>ReverseProxy:Clusters:portal:Destinations:a:Address</c>). With <paramref name="identityPort"/> it also
/// listens there, the identity service's public address (its route matches that port's hosts).
/// </summary>
public sealed class GatewayHost(IReadOnlyDictionary<string, string?> settings, int port = 0, int identityPort = 0) : WebApplicationFactory<GatewayService>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }
        // Listen on the options, not UseKestrel(port): that sets the address after Build, racing the
        // app's own Run (minimal hosting), and loses with \"Addresses cannot be modified after the server has started\".
        UseKestrel(o =>
        {
            o.Listen(System.Net.IPAddress.Loopback, port);
            if (identityPort != 0)
            {
                o.Listen(System.Net.IPAddress.Loopback, identityPort);
            }
        });
    }

    /// <summary>A client of the gateway that addresses it as <paramref name="host"/> over loopback.</summary>
    public HttpClient CreateClientForHost(string host)
    {
        ClientOptions.AllowAutoRedirect = false;
        var client = CreateClient();
        client.DefaultRequestHeaders.Host = host;
        return client;
    }
}
