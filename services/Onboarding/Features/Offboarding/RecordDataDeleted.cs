using JasperFx;
using Marten;
using MassTransit;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Tenancy;

namespace SharedServices.Onboarding.Features.Offboarding;

/// <summary>Records each service's confirmation that it deleted an offboarded town's data (a repeat overwrites the same entry).</summary>
public sealed class RecordDataDeleted(IDocumentStore store, Prefecture prefecture) : IConsumer<TenantDataDeleted>
{
    public async Task Consume(ConsumeContext<TenantDataDeleted> context)
    {
        var deleted = context.Message;
        using var scope = prefecture.Scope();
        await using var session = store.OpenTenantSession();
        if (await session.LoadAsync<TownDataRetention>(deleted.TenantId, context.CancellationToken) is not { } retention)
        {
            return; // not a town this prefecture offboarded
        }
        retention.DeletedBy[deleted.Service] = new DeletionConfirmed(deleted.Rows, deleted.DeletedAt);
        session.Update(retention);
        await session.SaveChangesAsync(context.CancellationToken); // a concurrent confirmation fails this one: retried by the bus
    }
}
