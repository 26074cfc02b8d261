using SharedServices.EApplication.Access;
using SharedServices.Tenancy;

namespace SharedServices.EApplication.Retention;

/// <summary>
/// Runs <see cref="PersonalDataErasure"/> in every town of the registry, at start and then every
/// <c>Retention:IntervalMinutes</c> (60 by default; <c>Retention:Enabled=false</c> turns it off). Time
/// comes from the <see cref="TimeProvider"/>, so tests can move it.
/// </summary>
public sealed class RetentionSchedule(
    ITenantStore tenants, PersonalDataErasure erasure, Prefecture prefecture, TimeProvider clock,
    IConfiguration configuration, ILogger<RetentionSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!configuration.GetValue("Retention:Enabled", true))
        {
            return;
        }
        var interval = TimeSpan.FromMinutes(configuration.GetValue("Retention:IntervalMinutes", 60.0));
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            await RunOnceAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    public async Task RunOnceAsync(CancellationToken ct)
    {
        // Every town, also one that no longer offers e-application: what it kept must still go in time.
        foreach (var town in tenants.All.Where(t => t.Id != prefecture.Code))
        {
            using var scope = CurrentTenant.Change(town.Id, logger);
            try
            {
                if (await erasure.EraseDueAsync(ct) is > 0 and var erased)
                {
                    logger.LogInformation("Retention run: personal data of {Count} applications erased", erased);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Retention run failed for this town; retried on the next run");
            }
        }
    }
}
