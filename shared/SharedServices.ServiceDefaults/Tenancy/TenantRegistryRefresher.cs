using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using SharedServices.Contracts.Tenancy;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SharedServices.Tenancy;

/// <summary>
/// Loads the registry from the database at start-up (before requests are served) and reloads it
/// every few seconds, so changes consumed by another instance of this service reach this one too.
/// A service whose registry is empty once it has started (its first start, after towns were
/// onboarded: its queue did not exist when they were announced) asks for every tenant to be restated.
/// </summary>
internal sealed class TenantRegistryRefresher(
    IDocumentStore store, TenantRegistry registry, IBus bus, IHostApplicationLifetime lifetime,
    IHostEnvironment environment, IConfiguration configuration, ILogger<TenantRegistryRefresher> logger)
    : BackgroundService
{
    private readonly TimeSpan _interval = TimeSpan.FromSeconds(configuration.GetValue("Tenancy:RefreshSeconds", 2.0));

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await RequestDirectoryIfEmptyAsync(stoppingToken);
        using var timer = new PeriodicTimer(_interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await LoadAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Reloading the tenant registry failed; keeping the last known list");
            }
        }
    }

    private async Task RequestDirectoryIfEmptyAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource();
        using (lifetime.ApplicationStarted.Register(started.SetResult))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        if (registry.All.Count > 0 || configuration["Platform:PrefectureCode"] is not { } prefecture)
        {
            return;
        }
        try
        {
            using var scope = CurrentTenant.Change(prefecture);
            // Bounded: a publish stuck on a lost confirm would otherwise keep the reload loop below from ever starting.
            await bus.Publish(new TenantDirectoryRequested(environment.ApplicationName), stoppingToken)
                .WaitAsync(Messaging.MessagingExtensions.PublishTimeout, stoppingToken);
            logger.LogInformation("The tenant registry is empty: asked for every tenant to be restated");
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not ask for the tenant directory; towns arrive with their next change");
        }
    }

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // TenantInfo is single-tenanted (the list of tenants), so no tenant scope is needed to read it.
        await using var session = store.QuerySession();
        var tenants = await session.Query<TenantInfo>().ToListAsync(cancellationToken);
        registry.Apply(tenants);
    }
}
