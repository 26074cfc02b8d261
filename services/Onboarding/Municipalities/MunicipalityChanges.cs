using Marten;
using SharedServices.Contracts;
using SharedServices.Contracts.Tenancy;
using JasperFx.Events;

namespace SharedServices.Onboarding.Municipalities;

/// <summary>
/// Records a change of a municipality together with the integration event that tells every other
/// service: both go into the municipality's stream in one transaction (the event store is the outbox).
/// </summary>
public static class MunicipalityChanges
{
    public static async Task<TenantSnapshot> CommitAsync(
        IDocumentSession session,
        IEventStream<Municipality> stream,
        object change,
        Func<TenantSnapshot, IIntegrationEvent> announce,
        CancellationToken cancellationToken)
    {
        var next = stream.Aggregate!.Then(change);
        // Two events are appended: the change and its announcement.
        var snapshot = next.ToSnapshot((stream.CurrentVersion ?? 0) + 2);
        stream.AppendMany(change, announce(snapshot));
        await session.SaveChangesAsync(cancellationToken);
        return snapshot;
    }
}
