namespace SharedServices.Contracts.Points;

// What other services (and the prefecture's dashboard) learn of local points (地域ポイント): the town
// that issued them (the tenant-id header and TenantId), the campaign, amounts in points (1 point = 1 yen)
// and times. A resident appears only as their platform account id; never a name or address.

/// <summary>Points granted to a resident by a campaign.</summary>
/// <param name="GrantId">The grant's id in the points service (unique per town).</param>
/// <param name="Trigger">What caused it: <c>enrolment</c>, <c>application:{id}</c> or <c>town</c>.</param>
public sealed record PointsGranted(
    string TenantId, string CampaignId, string GrantId, string ResidentId, long Points, string Trigger,
    DateTimeOffset ExpiresAt, DateTimeOffset GrantedAt) : IIntegrationEvent;

/// <summary>A resident paid a merchant (加盟店) with points of one campaign; a payment drawing on two campaigns publishes two.</summary>
public sealed record PointsSpent(
    string TenantId, string CampaignId, string PaymentId, string MerchantId, long Points, DateTimeOffset SpentAt) : IIntegrationEvent;

/// <summary>A merchant gave (part of) a payment back: the points return to the same campaign's balance.</summary>
public sealed record PointsRefunded(
    string TenantId, string CampaignId, string PaymentId, string RefundId, string MerchantId, long Points, DateTimeOffset RefundedAt) : IIntegrationEvent;

/// <summary>Points that reached their expiry unspent (失効): no longer spendable, counted as lapsed.</summary>
public sealed record PointsExpired(
    string TenantId, string CampaignId, string ResidentId, long Points, DateTimeOffset ExpiredAt) : IIntegrationEvent;

/// <summary>A grant was refused because the campaign's budget is spent. Published once per campaign.</summary>
public sealed record CampaignBudgetExhausted(
    string TenantId, string CampaignId, long Budget, DateTimeOffset ExhaustedAt) : IIntegrationEvent;

/// <summary>A town paid a merchant what its points bought in a settlement period (精算).</summary>
/// <param name="Period">The month settled, <c>yyyy-MM</c> (Japan time).</param>
public sealed record MerchantSettled(
    string TenantId, string MerchantId, string Period, long Points, int Payments, DateTimeOffset PaidAt) : IIntegrationEvent;
