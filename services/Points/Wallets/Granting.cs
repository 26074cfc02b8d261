using JasperFx;
using JasperFx.Events;
using Marten;
using Marten.Exceptions;
using SharedServices.Contracts.Points;
using SharedServices.EventStore;
using SharedServices.Points.Campaigns;
using SharedServices.Tenancy;

namespace SharedServices.Points.Wallets;

public enum GrantResult
{
    Granted,
    /// <summary>This trigger had already granted (a repeated message or request): nothing new.</summary>
    AlreadyGranted,
    /// <summary>The campaign does not grant now, or the resident reached the cap.</summary>
    Refused,
    /// <summary>The budget is spent (予算上限): refused, and the resident's wallet says so.</summary>
    BudgetExhausted,
}

public sealed record GrantOutcome(GrantResult Result, string? GrantId = null, long Points = 0, string? Reason = null);

/// <summary>
/// Grants a campaign's points to a resident, once per trigger: the wallet is locked (its stream row,
/// <c>FetchForExclusiveWriting</c>), so a repeated trigger — the same ApplicationApproved delivered
/// twice, the same enrolment sent twice — finds its grant and adds nothing; the points are taken from
/// the budget in the same transaction (<see cref="Budget"/>), so a budget can never be over-run.
/// </summary>
public sealed class Granting(IDocumentStore store, Budget budget, TimeProvider clock, ILogger<Granting> logger)
{
    public const string ExhaustedReason =
        "予算の上限に達したため、ポイントを付与できませんでした。(The campaign's budget is spent: no points could be granted.)";

    public async Task<GrantOutcome> GrantAsync(string residentId, string campaignId, string trigger, CancellationToken ct)
    {
        var tenant = CurrentTenant.Id;
        int? shard = null;
        var triedShards = 0;
        var rebalances = 0;
        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.OpenTenantSession();
            if (await session.LoadAsync<Campaign>(campaignId, ct) is not { } campaign)
            {
                return new(GrantResult.Refused, Reason: "No such campaign in this town.");
            }
            var now = clock.GetUtcNow();
            if (campaign.GrantRefusal(now) is { } refusal)
            {
                return new(GrantResult.Refused, Reason: refusal);
            }
            var stream = await session.Events.FetchForExclusiveWriting<Wallet>(residentId, ct);
            var wallet = stream.Aggregate ?? new Wallet { Id = residentId };
            if (wallet.GrantFor(campaignId, trigger) is { } earlier)
            {
                return new(GrantResult.AlreadyGranted, earlier.GrantId, earlier.Granted);
            }
            var points = Math.Min(campaign.Terms.PointsPerGrant, campaign.Terms.PerResidentCap - wallet.GrantedFrom(campaignId));
            if (points <= 0)
            {
                return new(GrantResult.Refused, Reason: "このキャンペーンで受け取れる上限に達しています。(You have received this campaign's most points per resident.)");
            }

            if (triedShards >= campaign.BudgetShards)
            {
                // No allotment had enough: gather what is left (all allotments locked, so the total is exact);
                // only if even that is too little is the budget spent.
                var left = await budget.RebalanceAsync(tenant, campaignId, points, ct);
                if (left < points)
                {
                    await RefuseAsync(session, stream, wallet, campaign, trigger, now, ct);
                    return new(GrantResult.BudgetExhausted, Reason: ExhaustedReason);
                }
                if (++rebalances > 50)
                {
                    throw new InvalidOperationException($"Campaign {campaignId}: no allotment kept {points} points after 50 rebalances.");
                }
                triedShards = 0;
            }
            shard = shard is null ? Random.Shared.Next(campaign.BudgetShards) : (shard + 1) % campaign.BudgetShards;

            var grantId = Guid.NewGuid().ToString("N");
            var expiresAt = campaign.ExpiryOf(now);
            Budget.Take(session, tenant, campaignId, shard.Value, points);
            stream.AppendMany(
                new Granted(grantId, campaignId, points, trigger, expiresAt, shard.Value, now),
                new PointsGranted(tenant, campaignId, grantId, residentId, points, trigger, expiresAt, now));
            try
            {
                await session.SaveChangesAsync(ct);
                return new(GrantResult.Granted, grantId, points);
            }
            catch (Exception ex) when (Budget.IsTooLittle(ex))
            {
                // Try the next allotment, unless (a plain read shows) none has enough: then gather what is left at once.
                var (_, largest) = await budget.RemainingAsync(tenant, campaignId, ct);
                triedShards = largest < points ? campaign.BudgetShards : triedShards + 1;
            }
            catch (Exception ex) when (IsNewWalletRace(ex) && attempt < 10)
            {
                // Another grant opened this resident's wallet at the same moment: now it exists, and is locked in turn.
                logger.LogDebug(ex, "Wallet {Resident} was opened concurrently; retrying", residentId);
            }
        }
    }

    private static bool IsNewWalletRace(Exception ex) => ex is JasperFx.Events.ExistingStreamIdCollisionException or Marten.Exceptions.ExistingStreamIdCollisionException or ConcurrencyException
        || ex.InnerException is Npgsql.PostgresException { SqlState: "23505" };

    private async Task RefuseAsync(IDocumentSession session, IEventStream<Wallet> stream, Wallet wallet, Campaign campaign, string trigger, DateTimeOffset now, CancellationToken ct)
    {
        if (!wallet.WasRefused(campaign.Id, trigger))
        {
            stream.AppendOne(new GrantRefused(campaign.Id, trigger, ExhaustedReason, now));
            await session.SaveChangesAsync(ct);
        }
        if (campaign.BudgetExhaustedAt is not null)
        {
            return;
        }
        // Recorded (and published) once: a concurrent recorder wins, this one gives way.
        try
        {
            await using var record = store.OpenTenantSession();
            var campaignStream = await record.Events.FetchForWriting<Campaign>(campaign.Id, ct);
            if (campaignStream.Aggregate!.BudgetExhaustedAt is null)
            {
                campaignStream.AppendMany(new BudgetExhausted(now),
                    new CampaignBudgetExhausted(CurrentTenant.Id, campaign.Id, campaign.Terms.Budget, now));
                await record.SaveChangesAsync(ct);
            }
        }
        catch (ConcurrencyException)
        {
        }
    }
}
