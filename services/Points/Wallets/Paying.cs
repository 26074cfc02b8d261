using System.Text.RegularExpressions;
using Marten;
using SharedServices.Contracts.Points;
using SharedServices.EventStore;
using SharedServices.Points.Campaigns;
using SharedServices.Points.Merchants;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Points.Wallets;

public sealed record RefundRecord(string RefundId, string IdempotencyKey, long Points, IReadOnlyList<LotPoints> To, DateTimeOffset At);

/// <summary>
/// A payment with points at a merchant, in the town that issued them: what the merchant is owed (精算)
/// and what a retried request finds. Written in the same transaction as the wallet's events.
/// </summary>
public sealed class Payment
{
    public string Id { get; set; } = "";
    public string ResidentId { get; set; } = "";
    /// <summary>The client's key: a retried request with it finds this payment instead of paying again.</summary>
    public string IdempotencyKey { get; set; } = "";
    public string MerchantId { get; set; } = "";
    public string MerchantName { get; set; } = "";
    public long Points { get; set; }
    public List<LotPoints> From { get; set; } = [];
    public DateTimeOffset PaidAt { get; set; }
    public List<RefundRecord> Refunds { get; set; } = [];

    public long Refunded => Refunds.Sum(r => r.Points);

    public object View() => new
    {
        id = Id, merchantId = MerchantId, merchantName = MerchantName, points = Points, refunded = Refunded,
        paidAt = PaidAt, refunds = Refunds.Select(r => new { id = r.RefundId, points = r.Points, at = r.At }),
    };
}

/// <summary>
/// Pays and refunds. A payment locks the resident's wallet (its stream row) for its transaction, so
/// concurrent payments from one balance run one after another and none can spend what another
/// already spent: a balance never goes negative. Each carries the client's idempotency key, unique per
/// resident (a unique index, checked again under the lock): a retried request returns the first
/// payment and spends nothing more.
/// </summary>
public sealed partial class Paying(IDocumentStore store, TimeProvider clock, IConfiguration configuration)
{
    /// <summary>The most one payment may be: 1,000,000 points (yen).</summary>
    public const long MaxPayment = 1_000_000;

    /// <summary>How long after a payment its merchant may still refund it (<c>Points:RefundWindowDays</c>, 30 by default).</summary>
    public TimeSpan RefundWindow => TimeSpan.FromDays(configuration.GetValue("Points:RefundWindowDays", 30));

    [GeneratedRegex("^[A-Za-z0-9_-]{8,64}$")]
    private static partial Regex KeyPattern();

    public static IResult? CheckRequest(long points, string? idempotencyKey)
    {
        var errors = new Dictionary<string, string[]>();
        if (points is <= 0 or > MaxPayment)
        {
            errors["points"] = [$"1から{MaxPayment:N0}ポイントまでです。(From 1 to {MaxPayment:N0} points.)"];
        }
        if (idempotencyKey is null || !KeyPattern().IsMatch(idempotencyKey))
        {
            errors["idempotencyKey"] = ["8–64 letters, digits, '-' or '_', new for each payment and the same when a payment is retried."];
        }
        return errors.Count > 0 ? Problems.Validation(errors) : null;
    }

    public async Task<IResult> PayAsync(string residentId, Merchant merchant, long points, string idempotencyKey, CancellationToken ct)
    {
        var town = CurrentTenant.Id;
        if (!merchant.IsAcceptedBy(town))
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "Merchant does not accept these points",
                $"{merchant.Name} はこの市町村のポイントを取り扱っていません。(This merchant does not accept this town's points.)");
        }
        await using var session = store.OpenTenantSession();
        var stream = await session.Events.FetchForExclusiveWriting<Wallet>(residentId, ct);
        var wallet = stream.Aggregate ?? new Wallet { Id = residentId };
        // Under the wallet's lock, in one round trip: an earlier payment with this key (a concurrent retry
        // of this request has committed by now, or waits for us) and the campaigns of the wallet's points.
        var batch = session.CreateBatchQuery();
        var earlierPayment = batch.Query<Payment>().Where(p => p.ResidentId == residentId && p.IdempotencyKey == idempotencyKey).FirstOrDefault();
        var campaignIds = wallet.Lots.Where(l => l.Remaining > 0).Select(l => l.CampaignId).Distinct().ToArray();
        var loaded = campaignIds.Length == 0 ? null : batch.LoadMany<Campaign>().ById(campaignIds);
        await batch.Execute(ct);
        if (await earlierPayment is { } earlier)
        {
            return earlier.MerchantId == merchant.Id && earlier.Points == points
                ? TypedResults.Ok(earlier.View())
                : Problems.Conflict("この支払番号は別の支払いに使われています。(This idempotency key was used for a different payment.)");
        }
        var now = clock.GetUtcNow();
        var campaigns = loaded is null ? [] : (await loaded).ToDictionary(c => c.Id);
        bool Usable(Lot lot) => !lot.IsExpired(now) && campaigns.TryGetValue(lot.CampaignId, out var c) && c.IsSpendable(now) && c.Accepts(merchant.Category);
        if (wallet.Draw(points, Usable) is not { } from)
        {
            return Problems.Result(StatusCodes.Status409Conflict, "Not enough points",
                $"この加盟店で使えるポイントが足りません（残高 {wallet.Spendable(Usable):N0} ポイント）。(Not enough points usable at this merchant: {wallet.Spendable(Usable):N0}.)");
        }
        var payment = new Payment
        {
            Id = Guid.NewGuid().ToString("N"), ResidentId = residentId, IdempotencyKey = idempotencyKey, MerchantId = merchant.Id,
            MerchantName = merchant.Name, Points = points, From = [.. from], PaidAt = now,
        };
        stream.AppendOne(new Paid(payment.Id, merchant.Id, merchant.Name, points, from, now));
        stream.AppendMany(from.GroupBy(p => p.CampaignId)
            .Select(g => (object)new PointsSpent(town, g.Key, payment.Id, merchant.Id, g.Sum(p => p.Points), now)).ToArray());
        session.Insert(payment);
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/payments/{payment.Id}", payment.View());
    }

    /// <summary>
    /// The merchant gives back (part of) a payment within the refund window: the points return to the
    /// lots they came from, last taken first (points of a lot that expired meanwhile lapse at the next run).
    /// </summary>
    public async Task<IResult> RefundAsync(string paymentId, Merchant merchant, long points, string idempotencyKey, CancellationToken ct)
    {
        await using var session = store.OpenTenantSession();
        if (await session.LoadAsync<Payment>(paymentId, ct) is not { } unlocked || unlocked.MerchantId != merchant.Id)
        {
            return Problems.NotFound("No such payment to this merchant.");
        }
        var stream = await session.Events.FetchForExclusiveWriting<Wallet>(unlocked.ResidentId, ct);
        var payment = (await session.LoadAsync<Payment>(paymentId, ct))!;  // again, under the wallet's lock
        if (payment.Refunds.FirstOrDefault(r => r.IdempotencyKey == idempotencyKey) is { } earlier)
        {
            return earlier.Points == points
                ? TypedResults.Ok(new { id = earlier.RefundId, paymentId, points = earlier.Points, at = earlier.At })
                : Problems.Conflict("この返金番号は別の返金に使われています。(This idempotency key was used for a different refund.)");
        }
        var now = clock.GetUtcNow();
        if (now - payment.PaidAt > RefundWindow)
        {
            return Problems.Conflict($"返金できる期間（{RefundWindow.TotalDays:0}日）を過ぎています。(The refund window of {RefundWindow.TotalDays:0} days has passed.)");
        }
        if (points > payment.Points - payment.Refunded)
        {
            return Problems.Validation("points", $"返金できるのは {payment.Points - payment.Refunded:N0} ポイントまでです。(At most {payment.Points - payment.Refunded:N0} points can still be refunded.)");
        }
        // Undo the payment from its last part backwards, skipping what earlier refunds returned.
        var returned = payment.Refunds.SelectMany(r => r.To).GroupBy(p => p.GrantId).ToDictionary(g => g.Key, g => g.Sum(p => p.Points));
        var to = new List<LotPoints>();
        var left = points;
        foreach (var part in Enumerable.Reverse(payment.From))
        {
            var open = part.Points - returned.GetValueOrDefault(part.GrantId);
            var give = Math.Min(open, left);
            if (give > 0)
            {
                to.Add(part with { Points = give });
                left -= give;
            }
        }
        var refund = new RefundRecord(Guid.NewGuid().ToString("N"), idempotencyKey, points, to, now);
        payment.Refunds.Add(refund);
        var town = CurrentTenant.Id;
        stream.AppendOne(new Refunded(payment.Id, refund.RefundId, merchant.Id, points, to, now));
        stream.AppendMany(to.GroupBy(p => p.CampaignId)
            .Select(g => (object)new PointsRefunded(town, g.Key, payment.Id, refund.RefundId, merchant.Id, g.Sum(p => p.Points), now)).ToArray());
        session.Update(payment);
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/merchant/payments/{payment.Id}", new { id = refund.RefundId, paymentId, points, at = now });
    }
}
