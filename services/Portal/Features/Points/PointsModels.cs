namespace SharedServices.Portal.Features.Points;

// The points service's answers as the pages read them (1 point = 1 yen).

/// <summary>What starts a campaign's grants (the service's <c>Triggers</c>).</summary>
public static class CampaignTriggers
{
    public const string Enrolment = "enrolment";
    public const string ApplicationApproved = "applicationApproved";
    public const string Town = "town";

    public static readonly IReadOnlyList<string> All = [Enrolment, ApplicationApproved, Town];
}

/// <summary>Merchant categories (業種) a campaign may allow, as the service names them.</summary>
public static class MerchantCategories
{
    public static readonly IReadOnlyList<string> All = ["food", "restaurant", "retail", "service", "medical", "transport", "lodging"];
}

// Residents
public sealed record OfferedCampaign(
    string Id, string Name, string Purpose, string Trigger, string Status, long PointsPerGrant,
    DateTimeOffset GrantFrom, DateTimeOffset GrantUntil, DateTimeOffset SpendUntil, IReadOnlyList<string> AllowedCategories,
    long Received, bool Enrolled, string? EnrolmentRefusal);

public sealed record Grant(string GrantId, long Points);

public sealed record Expiry(DateTimeOffset ExpiresAt, long Points);

public sealed record CampaignBalance(
    string CampaignId, string Name, long Balance, bool Spendable, IReadOnlyList<string> AllowedCategories, IReadOnlyList<Expiry> Expiries, long Lapsed);

public sealed record WalletView(long Total, IReadOnlyList<CampaignBalance> Balances);

/// <summary>One line of a resident's history: <c>granted</c>, <c>grantRefused</c>, <c>paid</c>, <c>refunded</c> or <c>lapsed</c>.</summary>
public sealed record HistoryEntry(string Kind, DateTimeOffset At, long Points, string Campaign, DateTimeOffset? ExpiresAt, string? Detail);

public sealed record MerchantSummary(string Code, string Name, string Category);

public sealed record RefundLine(string Id, long Points, DateTimeOffset At);

public sealed record PaymentView(string Id, string MerchantId, string MerchantName, long Points, long Refunded, DateTimeOffset PaidAt, IReadOnlyList<RefundLine> Refunds);

// Town staff
public sealed record EligibilityTerms(int? MinAge = null, int? MaxAge = null, IReadOnlyList<int>? IncomeBrackets = null, int? ChildrenUnder = null, int? MinAssurance = null);

public sealed record CampaignTerms(
    string Name, string Purpose, string Trigger, string? ProcedureKey, long PointsPerGrant, long PerResidentCap, long Budget,
    DateTimeOffset GrantFrom, DateTimeOffset GrantUntil, DateTimeOffset SpendFrom, DateTimeOffset SpendUntil, int? ExpiryDays,
    IReadOnlyList<string> AllowedCategories, EligibilityTerms Eligibility);

public sealed record CampaignFigures(long Budget, long Granted, long BudgetLeft, long Spent, long Refunded, long Lapsed, long ResidentBalances);

public sealed record TownCampaign(string Id, string Status, bool Scheduled, CampaignTerms Terms, string? PauseReason, DateTimeOffset? BudgetExhaustedAt, CampaignFigures? Figures);

public sealed record CampaignState(string Id, string Status);

// Merchants (加盟店)
public sealed record MerchantAccount(string Id, string Code, string Name, string Category);

public sealed record MerchantTown(string Code, string? Name);

public sealed record MerchantMe(MerchantAccount Merchant, IReadOnlyList<MerchantTown> Towns);

public sealed record MerchantPayment(string Town, string? TownName, PaymentView Payment);

public sealed record RefundDone(string Id, string PaymentId, long Points, DateTimeOffset At);

// Campaign templates (施策テンプレート)
public sealed record CampaignTemplateTerms(
    string Name, string Purpose, string Trigger, long PointsPerGrant, long PerResidentCap, int GrantDays, int SpendDays,
    string? ProcedureKey = null, int? ExpiryDays = null, IReadOnlyList<string>? AllowedCategories = null, long? SuggestedBudget = null);

public sealed record CampaignTemplateView(string Id, CampaignTemplateTerms Terms, IReadOnlyList<string> OfferedTo, DateTimeOffset CreatedAt);

public sealed record OfferedTemplate(string Id, CampaignTemplateTerms Terms, DateTimeOffset CreatedAt);

/// <param name="Outcome"><c>offered</c>, <c>already-offered</c>, <c>not-using-points</c> or <c>unknown-town</c>.</param>
public sealed record TemplateOffer(string Town, string Outcome);

