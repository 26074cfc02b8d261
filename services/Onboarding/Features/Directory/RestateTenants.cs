using Marten;
using MassTransit;
using SharedServices.Contracts.Tenancy;
using SharedServices.Onboarding.Municipalities;

namespace SharedServices.Onboarding.Features.Directory;

/// <summary>
/// A service that starts with an empty tenant registry asks for the directory; every town is
/// restated to all services (consumers keep the newest version, so a repeat changes nothing).
/// Runs in the prefecture's scope, restored from the request's tenant header.
/// </summary>
public sealed class RestateTenants(IQuerySession session, ILogger<RestateTenants> logger) : IConsumer<TenantDirectoryRequested>
{
    public async Task Consume(ConsumeContext<TenantDirectoryRequested> context)
    {
        var towns = await session.Query<Municipality>().ToListAsync(context.CancellationToken);
        foreach (var town in towns)
        {
            await context.Publish(new TenantRestated(town.ToSnapshot(town.Version)), context.CancellationToken);
        }
        logger.LogInformation("Restated {Count} towns for {Service}", towns.Count, context.Message.RequestedBy);
    }
}
