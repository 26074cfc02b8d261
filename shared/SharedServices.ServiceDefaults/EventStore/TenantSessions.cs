using System.Diagnostics;
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

    public IDocumentSession OpenSession() => store.OpenTenantSession();
}

public static class TenantSessionExtensions
{
    /// <summary>Event header holding the W3C trace context the events were written in.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>
    /// A session for the tenant in scope (throws when there is none). Events it appends carry the
    /// current trace, which the outbox relay continues when it publishes them.
    /// </summary>
    public static IDocumentSession OpenTenantSession(this IDocumentStore store)
    {
        var session = store.LightweightSession(CurrentTenant.Id);
        if (Activity.Current is { } activity)
        {
            session.SetHeader(TraceParentHeader, activity.Id!);
            session.CorrelationId = activity.TraceId.ToString();
        }
        return session;
    }
}
