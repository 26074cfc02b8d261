using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>
/// The identity service on Kestrel (a free loopback port) with its own database. Like
/// <see cref="ServiceHost{TMarker}"/>, but the identity service has no event store or broker: it
/// needs only <c>ConnectionStrings:Identity</c> (the owner role, which creates the schema).
/// </summary>
public sealed class IdentityHost(
    TestDatabase database,
    IReadOnlyDictionary<string, string?>? settings = null,
    string environment = "Development") : WebApplicationFactory<IdentityService>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        builder.UseSetting("ConnectionStrings:Identity", database.OwnerConnectionString);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            builder.UseSetting(key, value);
        }
        UseKestrel(0);
    }

    /// <summary>Where Kestrel listens (starts the service if it is not yet running).</summary>
    public Uri Address
    {
        get
        {
            StartServer();
            var addresses = Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses;
            return new Uri(addresses.First());
        }
    }
}
