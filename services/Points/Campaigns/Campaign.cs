namespace SharedServices.Points.Campaigns;

/// <summary>What starts a grant: a resident's own enrolment (申込), an approved application (e.g. 児童手当), or the town granting every eligible resident at once.</summary>
public static class Triggers
{
    public const string Enrolment = "enrolment";
    public const string ApplicationApproved = "applicationApproved";
    public const string Town = "town";

    public static readonly IReadOnlyList<string> All = [Enrolment, ApplicationApproved, Town];
}

public enum CampaignStatus
{
    /// <summary>Being prepared: nothing is granted yet.</summary>
    Draft,
    /// <summary>Opened: grants within the grant window, spending within the spend window (予定 until the window starts).</summary>
    Open,
    /// <summary>Paused (一時停止): no grants and no spending until resumed.</summary>
    Paused,
    /// <summary>Closed (終了): no more grants; points already granted stay spendable until they expire.</summary>
    Closed,
}

/// <summary>
/// Who may receive a campaign's points, beyond being a resident of the town (always): rules as data,
/// all of them must hold. Age, income and household come from the town's resident records
/// (<see cref="Residents.ResidentRecord"/>); the assurance level from the resident's sign-in.
/// </summary>
/// <param name="AgeOn">The day ages are counted on (e.g. the campaign's start); the grant's day when absent.</param>
/// <param name="IncomeBrackets">所得区分 as the town's tax records number them (e.g. 1 = 住民税非課税).</param>
/// <param name="ChildrenUnder">A household with a child younger than this many years (子育て世帯).</param>
/// <param name="MinAssurance">身元確認保証レベル the resident must have signed in with (2, or 3 for マイナンバーカード); enrolment campaigns only.</param>
public sealed record Eligibility(
    int? MinAge = null, int? MaxAge = null, DateOnly? AgeOn = null, IReadOnlyList<int>? IncomeBrackets = null,
    int? ChildrenUnder = null, int? MinAssurance = null)
{
    /// <summary>Whether any rule needs the town's resident records.</summary>
    public bool NeedsRecords => MinAge is not null || MaxAge is not null || IncomeBrackets is { Count: > 0 } || ChildrenUnder is not null;
}

/// <summary>A campaign's terms (1 point = 1 yen). Fixed once the campaign is opened.</summary>
/// <param name="PointsPerGrant">Points per eligible resident (enrolment, town) or per triggering event.</param>
/// <param name="PerResidentCap">Most points one resident may receive from this campaign in all.</param>
/// <param name="ProcedureKey">For <see cref="Triggers.ApplicationApproved"/>: the e-application procedure whose approval grants.</param>
/// <param name="ExpiryDays">Points expire this many days after their grant, at the latest when the spend window ends; null: at the end of the spend window.</param>
/// <param name="AllowedCategories">Merchant categories where the points may be spent; none or empty: every category.</param>
/// <param name="Eligibility">Who qualifies beyond living in the town; none: every resident.</param>
public sealed record CampaignTerms(
    string Name,
    string Purpose,
    string Trigger,
    long PointsPerGrant,
    long PerResidentCap,
    long Budget,
    DateTimeOffset GrantFrom,
    DateTimeOffset GrantUntil,
    DateTimeOffset SpendFrom,
    DateTimeOffset SpendUntil,
    string? ProcedureKey = null,
    int? ExpiryDays = null,
    IReadOnlyList<string>? AllowedCategories = null,
    Eligibility? Eligibility = null)
{
    public IReadOnlyList<string> Categories => AllowedCategories ?? [];

    public Eligibility Rules => Eligibility ?? new();
}

public sealed record CampaignCreated(string Id, CampaignTerms Terms, int BudgetShards, string By, DateTimeOffset At);
public sealed record CampaignOpened(string By, DateTimeOffset At);
public sealed record CampaignPaused(string Reason, string By, DateTimeOffset At);
public sealed record CampaignResumed(string By, DateTimeOffset At);
public sealed record CampaignClosed(string By, DateTimeOffset At);
/// <summary>The first grant refused for want of budget (予算上限到達): recorded once.</summary>
public sealed record BudgetExhausted(DateTimeOffset At);

/// <summary>A town's point campaign (ポイント事業), as the inline snapshot of its stream.</summary>
public sealed class Campaign
{
    public string Id { get; set; } = "";

    public CampaignTerms Terms { get; set; } = null!;

    public CampaignStatus Status { get; set; }

    /// <summary>How many rows the budget is split over (<see cref="Budget"/>), so concurrent grants do not queue on one row.</summary>
    public int BudgetShards { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? OpenedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public string? PauseReason { get; set; }

    public DateTimeOffset? BudgetExhaustedAt { get; set; }

    public void Apply(CampaignCreated e) => (Id, Terms, BudgetShards, Status, CreatedAt) = (e.Id, e.Terms, e.BudgetShards, CampaignStatus.Draft, e.At);

    public void Apply(CampaignOpened e) => (Status, OpenedAt) = (CampaignStatus.Open, e.At);

    public void Apply(CampaignPaused e) => (Status, PauseReason) = (CampaignStatus.Paused, e.Reason);

    public void Apply(CampaignResumed e) => (Status, PauseReason) = (CampaignStatus.Open, null);

    public void Apply(CampaignClosed e) => (Status, ClosedAt) = (CampaignStatus.Closed, e.At);

    public void Apply(BudgetExhausted e) => BudgetExhaustedAt = e.At;

    /// <summary>Why a grant cannot be made now, or null.</summary>
    public string? GrantRefusal(DateTimeOffset now) => Status switch
    {
        CampaignStatus.Draft => "このキャンペーンはまだ始まっていません。(This campaign has not opened yet.)",
        CampaignStatus.Paused => "このキャンペーンは一時停止中です。(This campaign is paused.)",
        CampaignStatus.Closed => "このキャンペーンは終了しました。(This campaign has closed.)",
        _ when now < Terms.GrantFrom => $"ポイントの付与は {Jst(Terms.GrantFrom)} からです。(Grants start on {Jst(Terms.GrantFrom)}.)",
        _ when now >= Terms.GrantUntil => "ポイントの付与期間は終わりました。(The grant period has ended.)",
        _ => null,
    };

    /// <summary>Whether its points can be spent now (the points' own expiry is checked apart).</summary>
    public bool IsSpendable(DateTimeOffset now) =>
        Status is CampaignStatus.Open or CampaignStatus.Closed && now >= Terms.SpendFrom && now < Terms.SpendUntil;

    /// <summary>When points granted at <paramref name="grantedAt"/> expire.</summary>
    public DateTimeOffset ExpiryOf(DateTimeOffset grantedAt) =>
        Terms.ExpiryDays is { } days && grantedAt.AddDays(days) < Terms.SpendUntil ? grantedAt.AddDays(days) : Terms.SpendUntil;

    public bool Accepts(string merchantCategory) =>
        Terms.Categories.Count == 0 || Terms.Categories.Contains(merchantCategory);

    public static string Jst(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture);
}
