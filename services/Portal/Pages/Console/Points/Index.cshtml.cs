using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;
using SharedServices.Portal.Features.Points;

namespace SharedServices.Portal.Pages.Console.Points;

/// <summary>
/// /Console/Points (ポイント事業の管理): the town's campaigns with their figures from the ledger (budget,
/// granted, left, spent, lapsed); the administrator opens, pauses (with a reason), resumes and closes
/// them; staff create one (it starts in preparation). A campaign granted on approval names one of the
/// town's published procedures.
/// </summary>
public sealed class IndexModel(PointsClient api, EApplicationClient applications) : PointsPageModel(api)
{
    public static readonly IReadOnlyList<string> Changes = ["opening", "pause", "resumption", "closing"];

    public IReadOnlyList<TownCampaign> Campaigns { get; private set; } = [];

    /// <summary>The town's published procedures (for a campaign granted on approval); empty without e-application.</summary>
    public IReadOnlyList<ProcedureSummary> Procedures { get; private set; } = [];

    [BindProperty]
    public CampaignInput Input { get; set; } = CampaignInput.Default(DateTimeOffset.UtcNow);

    public string? Done { get; private set; }

    /// <summary>The campaign a refused change (e.g. a pause without a reason) belongs to.</summary>
    public string? ChangeFor { get; private set; }

    /// <summary>The errors in the order of the form, each linking to its field.</summary>
    public IEnumerable<(string? Anchor, string Message)> Summary =>
        Errors.Where(e => ChangeFor is null).SelectMany(e => e.Value.Select(m => ((string?)Anchor(e.Key), m)));

    /// <summary>The id of the input an API field key belongs to (<c>eligibility.minAge</c> → <c>c-eligibility-minAge</c>).</summary>
    public static string Anchor(string key) => key switch
    {
        "trigger" => "c-trigger-enrolment",
        "allowedCategories" => "c-allowedCategories-food",
        _ => "c-" + key.Replace('.', '-'),
    };

    public Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is { } d && (d == "created" || Changes.Contains(d)) ? d : null;
        return LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var required = Text("campaigns.required");
        foreach (var (key, missing) in new[]
        {
            ("pointsPerGrant", Input.PointsPerGrant is null), ("budget", Input.Budget is null),
            ("grantFrom", Input.GrantFrom is null), ("grantUntil", Input.GrantUntil is null),
            ("spendFrom", Input.SpendFrom is null), ("spendUntil", Input.SpendUntil is null),
        })
        {
            if (missing)
            {
                Errors[key] = [required];
            }
        }
        if (Errors.Count > 0)
        {
            return await LoadAsync(ct);
        }
        var created = await Api.CreateCampaignAsync(Input.Terms(), ct);
        if (created.Problem is { } problem)
        {
            if (problem.Status != StatusCodes.Status400BadRequest)
            {
                return Failed(problem);
            }
            ShowFieldErrors(problem);
            return await LoadAsync(ct);
        }
        return RedirectToPage(new { done = "created" });
    }

    public async Task<IActionResult> OnPostChangeAsync(string id, string change, string? reason, CancellationToken ct)
    {
        if (!Changes.Contains(change))
        {
            return BadRequest();
        }
        var changed = await Api.ChangeCampaignAsync(id, change, reason, ct);
        if (changed.Problem is { } problem)
        {
            if (problem.Status != StatusCodes.Status400BadRequest)
            {
                return Failed(problem);
            }
            ChangeFor = id;
            ShowFieldErrors(problem);
            return await LoadAsync(ct);
        }
        return RedirectToPage(new { done = change });
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var campaigns = await Api.TownCampaignsAsync(ct);
        if (campaigns.Problem is { } problem)
        {
            return Failed(problem);
        }
        Campaigns = campaigns.Value!;
        if (HttpContext.Features.Get<SharedServices.Tenancy.ResolvedTenant>()?.Tenant.EnabledServices.Contains("e-application") == true
            && (await applications.TownProceduresAsync(ct)).Value is { } procedures)
        {
            Procedures = [.. procedures.Where(p => p.PublishedVersion > 0)];
        }
        return Page();
    }

}

/// <summary>The form's fields; days are Japan's, a window runs from the start of its first day to the end of its last.</summary>
public sealed class CampaignInput
{
    public string? Name { get; set; }
    public string? Purpose { get; set; }
    public string Trigger { get; set; } = CampaignTriggers.Enrolment;
    public string? ProcedureKey { get; set; }
    public long? PointsPerGrant { get; set; }
    public long? PerResidentCap { get; set; }
    public long? Budget { get; set; }
    public DateOnly? GrantFrom { get; set; }
    public DateOnly? GrantUntil { get; set; }
    public DateOnly? SpendFrom { get; set; }
    public DateOnly? SpendUntil { get; set; }
    public int? ExpiryDays { get; set; }
    public List<string> AllowedCategories { get; set; } = [];
    public int? MinAge { get; set; }
    public int? MaxAge { get; set; }
    public int? ChildrenUnder { get; set; }
    public int? MinAssurance { get; set; }

    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    /// <summary>A year of grants from today, and a month more to spend them.</summary>
    public static CampaignInput Default(DateTimeOffset now)
    {
        var today = DateOnly.FromDateTime(now.ToOffset(Japan).DateTime);
        return new() { GrantFrom = today, GrantUntil = today.AddYears(1).AddDays(-1), SpendFrom = today, SpendUntil = today.AddYears(1).AddMonths(1) };
    }

    private static DateTimeOffset StartOf(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), Japan);

    public CampaignTerms Terms() => new(
        (Name ?? "").Trim(), (Purpose ?? "").Trim(), Trigger,
        Trigger == CampaignTriggers.ApplicationApproved && !string.IsNullOrWhiteSpace(ProcedureKey) ? ProcedureKey : null,
        PointsPerGrant!.Value, PerResidentCap ?? PointsPerGrant!.Value, Budget!.Value,
        StartOf(GrantFrom!.Value), StartOf(GrantUntil!.Value.AddDays(1)), StartOf(SpendFrom!.Value), StartOf(SpendUntil!.Value.AddDays(1)),
        ExpiryDays, AllowedCategories, new EligibilityTerms(MinAge, MaxAge, null, ChildrenUnder, MinAssurance is > 1 ? MinAssurance : null));
}
