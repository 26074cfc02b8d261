using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Talent;

namespace SharedServices.Portal.Pages.Console.Talent;

/// <summary>
/// /Console/Talent (デジタル人材シェアリング): the prefecture's registry as the town sees it (contact details only
/// of people who work for the town), the town's needs (募集) with a link to each one's ranked matches, a
/// form to post a need, and the town's assignments with each month's hours (稼働報告) for the admin to approve.
/// </summary>
public sealed class IndexModel(TalentClient api) : TalentPageModel(api)
{
    public IReadOnlyList<RegistryEntry> Registry { get; private set; } = [];

    public IReadOnlyList<NeedView> Needs { get; private set; } = [];

    public IReadOnlyList<Assignment> Assignments { get; private set; } = [];

    public IReadOnlyDictionary<string, IReadOnlyList<Timesheet>> Timesheets { get; private set; } = new Dictionary<string, IReadOnlyList<Timesheet>>();

    [BindProperty]
    public NeedInput Input { get; set; } = NeedInput.Default();

    public string? Done { get; private set; }

    public IEnumerable<(string? Anchor, string Message)> Summary => Errors.SelectMany(e => e.Value.Select(m => ((string?)Anchor(e.Key), m)));

    /// <summary>The id of the input an API field key belongs to.</summary>
    public static string Anchor(string key) => key switch
    {
        "required" => "n-skill-" + TalentTaxonomy.Skills[0],
        "procurement" => "n-procurement-" + Procurements.Joint,
        _ => "n-" + key,
    };

    public Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is "posted" or "approved" ? done : null;
        return LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostNeedAsync(CancellationToken ct)
    {
        var required = Text("talent.required");
        foreach (var (key, missing) in new[] { ("hoursPerMonth", Input.HoursPerMonth is null), ("budgetPerMonth", Input.BudgetPerMonth is null) })
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
        var posted = await Api.PostNeedAsync(Input.Terms(), ct);
        return posted.Problem is { } problem
            ? await RefusedAsync(problem, LoadAsync, ct)
            : RedirectToPage("Need", new { id = posted.Value!.Id, done = "posted" });
    }

    public async Task<IActionResult> OnPostApproveHoursAsync(string id, string month, CancellationToken ct)
    {
        var approved = await Api.ApproveHoursAsync(id, month, ct);
        return approved.Problem is { } problem ? await RefusedAsync(problem, LoadAsync, ct) : RedirectToPage(null, null, new { done = "approved" }, "assignments-title");
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var registry = await Api.RegistryAsync(ct);
        if (registry.Problem is { } problem)
        {
            return Failed(problem);
        }
        var needs = await Api.NeedsAsync(ct);
        if (needs.Problem is { } noNeeds)
        {
            return Failed(noNeeds);
        }
        var assignments = await Api.AssignmentsAsync(ct);
        if (assignments.Problem is { } noAssignments)
        {
            return Failed(noAssignments);
        }
        var timesheets = new Dictionary<string, IReadOnlyList<Timesheet>>();
        foreach (var assignment in assignments.Value!)
        {
            var sheets = await Api.TimesheetsAsync(assignment.Id, ct);
            if (sheets.Problem is { } noSheets)
            {
                return Failed(noSheets);
            }
            timesheets[assignment.Id] = sheets.Value!;
        }
        (Registry, Needs, Assignments, Timesheets) = (registry.Value!, needs.Value!, assignments.Value!, timesheets);
        return Page();
    }
}

/// <summary>The need form's fields: a level per required skill (none: not required), months as yyyy-MM.</summary>
public sealed class NeedInput
{
    public string? Title { get; set; }
    public string? Description { get; set; }
    public Dictionary<string, int?> Levels { get; set; } = [];
    public int? HoursPerMonth { get; set; }
    public string? FromMonth { get; set; }
    public string? UntilMonth { get; set; }
    public int? OnSiteDaysPerMonth { get; set; }
    public decimal? BudgetPerMonth { get; set; }
    public string Procurement { get; set; } = Procurements.Joint;

    /// <summary>Six months from next month.</summary>
    public static NeedInput Default()
    {
        var months = TalentPageModel.MonthsFromNow(7);
        return new() { FromMonth = months[1], UntilMonth = months[6], OnSiteDaysPerMonth = 0 };
    }

    public NeedTerms Terms() => new(
        (Title ?? "").Trim(), (Description ?? "").Trim(),
        [.. Levels.Where(l => l.Value is not null).Select(l => new SkillLevel(l.Key, l.Value!.Value))],
        HoursPerMonth!.Value, FromMonth ?? "", UntilMonth ?? "", BudgetPerMonth!.Value, OnSiteDaysPerMonth ?? 0,
        Procurement: Procurement);
}
