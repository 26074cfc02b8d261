using System.Text.Json;
using Marten;
using SharedServices.EventStore;
using SharedServices.Points.Access;
using SharedServices.Points.Campaigns;
using SharedServices.Points.Features.Campaigns;
using SharedServices.Points.Merchants;
using SharedServices.Tenancy;

namespace SharedServices.Points.Seeding;

/// <summary>
/// Development only: the quick start's towns get a point campaign to enrol in and a merchant to pay.
/// <c>Points:DemoFile</c> names a JSON object {town code: {campaigns: [terms], merchants: [merchant]}};
/// as each town reaches this service's registry, its campaigns are created and opened (open for a year
/// from that moment) and its merchants registered and accepted. What exists already is left alone.
/// </summary>
internal sealed partial class DemoPoints(
    IDocumentStore store, ITenantStore towns, Prefecture prefecture, TimeProvider clock, IConfiguration configuration,
    IHostEnvironment environment, ILogger<DemoPoints> logger) : BackgroundService
{
    public sealed record DemoMerchant(string Name, string Category, string? CorporateNumber, PayoutAccount Payout, string LoginEmail);

    public sealed record DemoCampaign(string Name, string Purpose, string Trigger, long PointsPerGrant, long PerResidentCap, long Budget,
        string? ProcedureKey = null, int? ExpiryDays = null, IReadOnlyList<string>? AllowedCategories = null, Eligibility? Eligibility = null);

    public sealed record DemoTown(IReadOnlyList<DemoCampaign>? Campaigns = null, IReadOnlyList<DemoMerchant>? Merchants = null);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configuration["Points:DemoFile"] is not { Length: > 0 } file)
        {
            return;
        }
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException("Points:DemoFile is for Development only.");
        }
        var pending = JsonSerializer.Deserialize<Dictionary<string, DemoTown>>(await File.ReadAllTextAsync(file, stoppingToken), JsonSerializerOptions.Web)
            ?? throw new InvalidOperationException($"{file} lists no towns.");
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (pending.Count > 0 && await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (town, demo) in pending.ToList())
            {
                if (towns.FindById(town) is not { IsActive: true })
                {
                    continue;
                }
                foreach (var merchant in demo.Merchants ?? [])
                {
                    await MerchantAsync(town, merchant, stoppingToken);
                }
                foreach (var campaign in demo.Campaigns ?? [])
                {
                    await CampaignAsync(town, campaign, stoppingToken);
                }
                pending.Remove(town);
            }
        }
    }

    private async Task MerchantAsync(string town, DemoMerchant demo, CancellationToken ct)
    {
        using var scope = prefecture.Scope();
        await using var session = store.OpenTenantSession();
        var merchant = await session.Query<Merchant>().FirstOrDefaultAsync(m => m.LoginEmail == demo.LoginEmail, ct)
            ?? new Merchant
            {
                Id = Guid.NewGuid().ToString("N"), Code = Merchant.NewCode(), Name = demo.Name, Category = demo.Category,
                CorporateNumber = demo.CorporateNumber, Payout = demo.Payout, LoginEmail = demo.LoginEmail, RegisteredBy = town,
                RegisteredAt = clock.GetUtcNow(),
            };
        if (!merchant.IsAcceptedBy(town))
        {
            merchant.AcceptingTowns.Add(town);
            session.Store(merchant);
            await session.SaveChangesAsync(ct);
            LogMerchant(town, merchant.Name, merchant.Code);
        }
    }

    private async Task CampaignAsync(string town, DemoCampaign demo, CancellationToken ct)
    {
        using var scope = CurrentTenant.Change(town, logger);
        await using var session = store.OpenTenantSession();
        if (await session.Query<Campaign>().AnyAsync(c => c.Terms.Name == demo.Name, ct))
        {
            return;
        }
        var now = clock.GetUtcNow();
        var terms = new CampaignTerms(demo.Name, demo.Purpose, demo.Trigger, demo.PointsPerGrant, demo.PerResidentCap, demo.Budget,
            now.AddMinutes(-1), now.AddDays(365), now.AddMinutes(-1), now.AddDays(400), demo.ProcedureKey, demo.ExpiryDays,
            demo.AllowedCategories ?? [], demo.Eligibility ?? new());
        if (CampaignRules.Problems(terms) is { Count: > 0 } problems)
        {
            throw new InvalidOperationException($"Demo campaign '{demo.Name}': {string.Join("; ", problems.Select(p => $"{p.Key}: {string.Join(" ", p.Value)}"))}");
        }
        var id = Guid.NewGuid().ToString("N");
        session.Events.StartStream<Campaign>(id, new CampaignCreated(id, terms, CampaignsApi.BudgetShards, "demo", now), new CampaignOpened("demo", now));
        Budget.Create(session, town, id, terms.Budget, CampaignsApi.BudgetShards);
        await session.SaveChangesAsync(ct);
        LogCampaign(town, demo.Name);
    }

    [LoggerMessage(LogLevel.Information, "Demo: {Town} accepts merchant {Name} ({Code})")]
    private partial void LogMerchant(string town, string name, string code);

    [LoggerMessage(LogLevel.Information, "Demo: {Town} opened campaign {Name}")]
    private partial void LogCampaign(string town, string name);
}
