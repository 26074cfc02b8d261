using Marten;
using SharedServices.Contracts.Points;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Tenancy;
using SharedServices.Points.Wallets;

namespace SharedServices.Points.Features.Expiry;

/// <summary>
/// Points past their expiry are never spendable (a payment checks each lot's expiry itself); this run
/// books them as lapsed (失効) in each wallet, so balances, the ledger and the campaign's figures show
/// them returned to the budget's statistics, and publishes <see cref="PointsExpired"/>.
/// </summary>
public sealed class Lapsing(IDocumentStore store, TenantRegistry towns, TimeProvider clock, ILogger<Lapsing> logger)
{
    /// <summary>Books every expired lot of every town; returns how many points lapsed.</summary>
    public async Task<long> RunAsync(CancellationToken ct)
    {
        long total = 0;
        foreach (var town in towns.All.Where(t => t.EnabledServices.Contains(PlatformServices.Points)))
        {
            using var scope = CurrentTenant.Change(town.Id);
            total += await RunTownAsync(ct);
        }
        return total;
    }

    public async Task<long> RunTownAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        IReadOnlyList<string> due;
        await using (var query = store.QuerySession(CurrentTenant.Id))
        {
            due = await query.Query<Wallet>().Where(w => w.NextExpiry != null && w.NextExpiry <= now).Select(w => w.Id).ToListAsync(ct);
        }
        long total = 0;
        foreach (var id in due)
        {
            await using var session = store.OpenTenantSession();
            var stream = await session.Events.FetchForExclusiveWriting<Wallet>(id, ct);
            var lots = stream.Aggregate!.Lots.Where(l => l.Remaining > 0 && l.IsExpired(now)).Select(l => new LotPoints(l.GrantId, l.CampaignId, l.Remaining)).ToList();
            if (lots.Count == 0)
            {
                continue;
            }
            stream.AppendOne(new Lapsed(lots, now));
            stream.AppendMany(lots.GroupBy(l => l.CampaignId)
                .Select(g => (object)new PointsExpired(CurrentTenant.Id, g.Key, id, g.Sum(l => l.Points), now)).ToArray());
            await session.SaveChangesAsync(ct);
            total += lots.Sum(l => l.Points);
        }
        if (total > 0)
        {
            logger.LogInformation("{Town}: {Points} points lapsed in {Wallets} wallets", CurrentTenant.Id, total, due.Count);
        }
        return total;
    }
}

/// <summary>Runs <see cref="Lapsing"/> every <c>Points:LapseMinutes</c> (60 by default; 0 turns it off, e.g. for tests that run it themselves).</summary>
public sealed class LapseSchedule(Lapsing lapsing, IConfiguration configuration, ILogger<LapseSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var minutes = Math.Min(configuration.GetValue("Points:LapseMinutes", 60.0), TimeSpan.FromDays(30).TotalMinutes);
        if (minutes <= 0)
        {
            return;
        }
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(minutes));
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await lapsing.RunAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "The lapse run failed; it runs again at the next tick");
            }
        }
    }
}
