using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using SharedServices.Contracts.Tenancy;
using SharedServices.Messaging;

namespace SharedServices.Tenancy;

/// <summary>
/// Keeps this service's tenant registry in step with the onboarding service. Each event carries the
/// whole tenant with its version, so the newest version wins whatever the delivery order.
/// </summary>
public sealed class TenantRegistryConsumer(IDocumentStore store, TenantRegistry registry, ILogger<TenantRegistryConsumer> logger)
    : IdempotentConsumer<ITenantChanged>(store, logger)
{
    protected override async Task HandleAsync(ConsumeContext<ITenantChanged> context, IDocumentSession session)
    {
        var incoming = TenantInfo.From(context.Message.Tenant);
        var known = await session.LoadAsync<TenantInfo>(incoming.Id, context.CancellationToken);
        if (known is null || known.Version < incoming.Version)
        {
            session.Store(incoming);
        }
    }

    protected override Task AfterCommitAsync(ConsumeContext<ITenantChanged> context)
    {
        registry.Apply(TenantInfo.From(context.Message.Tenant));
        return Task.CompletedTask;
    }
}
