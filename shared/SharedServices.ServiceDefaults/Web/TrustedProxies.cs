using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace SharedServices.Web;

/// <summary>
/// Whose <c>X-Forwarded-For</c> and <c>X-Forwarded-Proto</c> are believed: the addresses or networks in
/// <c>TrustedProxies</c> (e.g. <c>10.0.0.0/8</c>, the cluster's pod network, for the services behind the
/// gateway; the load balancer's, for the gateway). Then a request that reached the edge over HTTPS is
/// HTTPS to the service too (its links, cookies and sign-in redirect URIs say https), and the client's
/// address is the real one. With the list empty nothing forwarded is read (ASP.NET would believe anyone).
/// </summary>
public static class TrustedProxies
{
    public const string Section = "TrustedProxies";

    public static IServiceCollection AddTrustedProxies(this IServiceCollection services, IConfiguration configuration)
    {
        var trusted = configuration.GetSection(Section).Get<string[]>() ?? [];
        services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            options.KnownIPNetworks.Clear();
            options.KnownProxies.Clear();
            foreach (var entry in trusted)
            {
                if (entry.Contains('/', StringComparison.Ordinal))
                {
                    options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(entry));
                }
                else
                {
                    options.KnownProxies.Add(IPAddress.Parse(entry));
                }
            }
        });
        return services;
    }

    public static IApplicationBuilder UseTrustedProxies(this IApplicationBuilder app, IConfiguration configuration) =>
        configuration.GetSection(Section).Get<string[]>() is { Length: > 0 } ? app.UseForwardedHeaders() : app;
}
