using System.Xml.Linq;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace SharedServices.EventStore;

/// <summary>One key of a service's data protection key ring, as ASP.NET Core writes it (XML).</summary>
public sealed class DataProtectionKey
{
    public string Id { get; set; } = "";

    public string Xml { get; set; } = "";
}

/// <summary>
/// The data protection key ring (sign-in and OIDC state cookies, antiforgery tokens) in the service's own
/// database, so every instance of the service reads what another protected: a sign-in begun at one portal
/// instance completes at another, a form served by one is accepted by the next. Without it each instance
/// keeps its keys in its own file system. Keys are rows of a single-tenanted document table (not town data);
/// the database's access control protects them at rest.
/// </summary>
public static class DataProtectionKeys
{
    public static IHostApplicationBuilder AddPlatformDataProtection(this IHostApplicationBuilder builder, string applicationName)
    {
        builder.Services.AddDataProtection().SetApplicationName(applicationName);
        builder.Services.AddSingleton<IConfigureOptions<KeyManagementOptions>>(services =>
            new ConfigureOptions<KeyManagementOptions>(options =>
                options.XmlRepository = new MartenXmlRepository(services.GetRequiredService<IDocumentStore>())));
        return builder;
    }

    // IXmlRepository is synchronous; ASP.NET calls it at start-up and when the ring is refreshed (daily), never per request.
    private sealed class MartenXmlRepository(IDocumentStore store) : IXmlRepository
    {
        public IReadOnlyCollection<XElement> GetAllElements()
        {
            using var session = store.QuerySession();
            var keys = session.Query<DataProtectionKey>().ToListAsync().GetAwaiter().GetResult();
            return [.. keys.Select(key => XElement.Parse(key.Xml))];
        }

        public void StoreElement(XElement element, string friendlyName)
        {
            using var session = store.LightweightSession();
            session.Store(new DataProtectionKey { Id = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
            session.SaveChangesAsync().GetAwaiter().GetResult();
        }
    }
}
