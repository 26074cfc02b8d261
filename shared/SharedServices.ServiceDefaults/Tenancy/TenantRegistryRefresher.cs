using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace SharedServices.Tenancy;

/// <summary>
/// Loads the registry from the database at start-up (before requests are served) and reloads it
/// every few seconds, so changes consumed by another instance of this service reach this one too.
/// </summary>
internal sealed class TenantRegistryRefresher(
    IDocumentStore store, TenantRegistry registry, IConfiguration configuration, ILogger<TenantRegistryRefresher> logger)
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

    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        // TenantInfo is single-tenanted (the list of tenants), so no tenant scope is needed to read it.
        await using var session = store.QuerySession();
        var tenants = await session.Query<TenantInfo>().ToListAsync(cancellationToken);
        registry.Apply(tenants);
    }
}
