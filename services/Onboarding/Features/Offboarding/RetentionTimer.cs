using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Onboarding.Municipalities;
using SharedServices.Tenancy;

namespace SharedServices.Onboarding.Features.Offboarding;

/// <summary>
/// When an offboarded town's retention period is over, asks every service to delete its data: appends
/// <see cref="TenantDataDeletionDue"/> to the town's stream (the outbox publishes it) with the time it was
/// asked, in one transaction. Checks every <c>Onboarding:RetentionCheckSeconds</c> (60). Two instances
/// racing append against the same stream version: one wins, the other's append fails and is dropped.
/// </summary>
public sealed class RetentionTimer(IDocumentStore store, Prefecture prefecture, TimeProvider clock, IConfiguration configuration, ILogger<RetentionTimer> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Onboarding:RetentionCheckSeconds", 60)));
        using var timer = new PeriodicTimer(every, clock);
        do
        {
            try
            {
                await AskDueDeletionsAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Checking the towns' retention periods failed; trying again in {Every}", every);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task AskDueDeletionsAsync(CancellationToken ct)
    {
        using var scope = prefecture.Scope();
        var now = clock.GetUtcNow();
        List<string> due;
        await using (var query = store.QuerySession(prefecture.Code))
        {
            due = [.. await query.Query<TownDataRetention>().Where(r => r.DeletionAskedAt == null && r.DeleteAfter <= now).Select(r => r.Id).ToListAsync(ct)];
        }
        foreach (var town in due)
        {
            await using var session = store.OpenTenantSession();
            if (await session.LoadAsync<TownDataRetention>(town, ct) is not { DeletionAskedAt: null } retention)
            {
                continue;
            }
            var stream = await session.Events.FetchForWriting<Municipality>(town, ct);
            retention.DeletionAskedAt = now;
            session.Update(retention);
            stream.AppendOne(new TenantDataDeletionDue(town, retention.OffboardedAt, now));
            try
            {
                await session.SaveChangesAsync(ct);
                logger.LogInformation("Retention of {Town}'s data is over: every service is asked to delete it", town);
            }
            catch (JasperFx.ConcurrencyException)
            {
                logger.LogInformation("{Town}'s deletion was asked concurrently", town);
            }
        }
    }
}
