namespace SharedServices.Points.Campaigns;

/// <summary>
/// What a prefecture campaign template (県の施策テンプレート) fixes: everything but the town's budget and start;
/// the periods as lengths in days from the start the town chooses.
/// </summary>
/// <param name="SuggestedBudget">A budget the prefecture suggests (points); the town sets its own.</param>
public sealed record TemplateTerms(
    string Name,
    string Purpose,
    string Trigger,
    long PointsPerGrant,
    long PerResidentCap,
    int GrantDays,
    int SpendDays,
    string? ProcedureKey = null,
    int? ExpiryDays = null,
    IReadOnlyList<string>? AllowedCategories = null,
    Eligibility? Eligibility = null,
    long? SuggestedBudget = null)
{
    public const int MaxDays = 1095;

    /// <summary>A town's campaign from the template: its budget, granted from <paramref name="start"/>, spent from then too.</summary>
    public CampaignTerms For(long budget, DateTimeOffset start) =>
        new(Name, Purpose, Trigger, PointsPerGrant, PerResidentCap, budget, start, start.AddDays(GrantDays), start, start.AddDays(SpendDays),
            ProcedureKey, ExpiryDays, AllowedCategories, Eligibility);
}

/// <summary>
/// A campaign template of the prefecture, kept in its tenant, and the towns it is offered to (施策の横展開).
/// A town offered it makes its own campaign from it (in preparation, with its budget), and runs it as its own.
/// </summary>
public sealed class CampaignTemplate
{
    public string Id { get; set; } = "";

    public TemplateTerms Terms { get; set; } = null!;

    public List<string> OfferedTo { get; set; } = [];

    public DateTimeOffset CreatedAt { get; set; }

    public string CreatedBy { get; set; } = "";
}
