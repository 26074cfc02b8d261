using Marten;
using SharedServices.Tenancy;

namespace SharedServices.EventStore;

/// <summary>
/// Every Marten session is opened for the tenant in scope; there is no way to open one without it.
/// Registered as Marten's session factory, so an injected <see cref="IDocumentSession"/> is tenant-bound too.
/// </summary>
public sealed class TenantSessionFactory(IDocumentStore store) : ISessionFactory
{
    public IQuerySession QuerySession() => store.QuerySession(CurrentTenant.Id);

    public IDocumentSession OpenSession() => store.LightweightSession(CurrentTenant.Id);
}

public static class TenantSessionExtensions
{
    /// <summary>A session for the tenant in scope (throws when there is none).</summary>
    public static IDocumentSession OpenTenantSession(this IDocumentStore store) =>
        store.LightweightSession(CurrentTenant.Id);
}
