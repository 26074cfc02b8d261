namespace SharedServices.Points.Wallets;

/// <summary>Points taken from (or returned to) one grant's lot.</summary>
public sealed record LotPoints(string GrantId, string CampaignId, long Points);

// A resident's wallet is one event stream per resident and town (stream id: their account id). Every
// balance is the sum of these events; nothing else changes it.
public sealed record Granted(string GrantId, string CampaignId, long Points, string Trigger, DateTimeOffset ExpiresAt, int Shard, DateTimeOffset At);
/// <summary>A grant refused for want of budget: kept so the resident is told (残念ながら予算の上限に達しました).</summary>
public sealed record GrantRefused(string CampaignId, string Trigger, string Reason, DateTimeOffset At);
public sealed record Paid(string PaymentId, string MerchantId, string MerchantName, long Points, IReadOnlyList<LotPoints> From, DateTimeOffset At);
public sealed record Refunded(string PaymentId, string RefundId, string MerchantId, long Points, IReadOnlyList<LotPoints> To, DateTimeOffset At);
/// <summary>Points past their expiry, unspent (失効).</summary>
public sealed record Lapsed(IReadOnlyList<LotPoints> Lots, DateTimeOffset At);

/// <summary>The points of one grant: what is left of them and until when.</summary>
public sealed class Lot
{
    public string GrantId { get; set; } = "";
    public string CampaignId { get; set; } = "";
    public string Trigger { get; set; } = "";
    public long Granted { get; set; }
    public long Remaining { get; set; }
    public long Lapsed { get; set; }
    public DateTimeOffset GrantedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }

    public bool IsExpired(DateTimeOffset now) => now >= ExpiresAt;
}

/// <summary>A resident's points in the town, as the inline snapshot of their wallet stream.</summary>
public sealed class Wallet
{
    public string Id { get; set; } = "";

    public List<Lot> Lots { get; set; } = [];

    public List<GrantRefused> Refusals { get; set; } = [];

    /// <summary>The earliest expiry among lots with points left: the lapse run looks only at wallets where it has passed.</summary>
    public DateTimeOffset? NextExpiry { get; set; }

    public long GrantedFrom(string campaignId) => Lots.Where(l => l.CampaignId == campaignId).Sum(l => l.Granted);

    public Lot? GrantFor(string campaignId, string trigger) => Lots.FirstOrDefault(l => l.CampaignId == campaignId && l.Trigger == trigger);

    public bool WasRefused(string campaignId, string trigger) => Refusals.Any(r => r.CampaignId == campaignId && r.Trigger == trigger);

    public void Apply(Granted e)
    {
        Lots.Add(new() { GrantId = e.GrantId, CampaignId = e.CampaignId, Trigger = e.Trigger, Granted = e.Points, Remaining = e.Points, GrantedAt = e.At, ExpiresAt = e.ExpiresAt });
        Refresh();
    }

    public void Apply(GrantRefused e) => Refusals.Add(e);

    public void Apply(Paid e) => Move(e.From, -1);

    public void Apply(Refunded e) => Move(e.To, +1);

    public void Apply(Lapsed e)
    {
        foreach (var part in e.Lots)
        {
            var lot = Lots.Single(l => l.GrantId == part.GrantId);
            lot.Remaining -= part.Points;
            lot.Lapsed += part.Points;
        }
        Refresh();
    }

    private void Move(IEnumerable<LotPoints> parts, int sign)
    {
        foreach (var part in parts)
        {
            Lots.Single(l => l.GrantId == part.GrantId).Remaining += sign * part.Points;
        }
        Refresh();
    }

    private void Refresh() => NextExpiry = Lots.Where(l => l.Remaining > 0).Select(l => (DateTimeOffset?)l.ExpiresAt).Min();

    /// <summary>
    /// The lots a payment of <paramref name="points"/> draws on: those <paramref name="usable"/> says may pay
    /// this merchant now, earliest expiry first (so the fewest points lapse). Null when they hold too little.
    /// </summary>
    public IReadOnlyList<LotPoints>? Draw(long points, Func<Lot, bool> usable)
    {
        var parts = new List<LotPoints>();
        var left = points;
        foreach (var lot in Lots.Where(l => l.Remaining > 0 && usable(l)).OrderBy(l => l.ExpiresAt).ThenBy(l => l.GrantedAt))
        {
            var take = Math.Min(left, lot.Remaining);
            parts.Add(new(lot.GrantId, lot.CampaignId, take));
            left -= take;
            if (left == 0)
            {
                return parts;
            }
        }
        return null;
    }

    public long Spendable(Func<Lot, bool> usable) => Lots.Where(l => l.Remaining > 0 && usable(l)).Sum(l => l.Remaining);
}
