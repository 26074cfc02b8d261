using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Talent;

namespace SharedServices.Portal.Pages.Talent;

/// <summary>
/// /Talent (デジタル人材のページ, at the prefecture's plain address): the person's profile form (each change
/// waits for the prefecture's approval; the approved one is what towns see), the towns' offers with an
/// accept button (accepting books the time share), and their assignments with a timesheet form per month
/// (hours and on-site days, 稼働報告) and whether the town approved it.
/// </summary>
public sealed class IndexModel(TalentClient api) : TalentPageModel(api)
{
    protected override bool TownPage => false;

    public OwnProfile? Profile { get; private set; }

    public IReadOnlyList<Offer> Offers { get; private set; } = [];

    public IReadOnlyList<MyAssignment> Assignments { get; private set; } = [];

    [BindProperty]
    public ProfileInput Input { get; set; } = new();

    /// <summary>The months the availability table shows: the profile's and the next twelve.</summary>
    public IReadOnlyList<string> Months { get; private set; } = [];

    public string? Done { get; private set; }

    /// <summary>The form other than the profile's that the errors belong to: an offer (its need id) or a month's timesheet (<see cref="TimesheetForm"/>).</summary>
    public string? FormFor { get; private set; }

    public IEnumerable<(string? Anchor, string Message)> Summary =>
        Errors.Where(_ => FormFor is null).SelectMany(e => e.Value.Select(m => ((string?)Anchor(e.Key), m)));

    /// <summary>The id of a month's timesheet form (and the prefix of its inputs' ids).</summary>
    public static string TimesheetForm(string assignmentId, string month) => $"ts-{assignmentId}-{month}";

    /// <summary>The id of the input an API field key belongs to.</summary>
    public string Anchor(string key) => key switch
    {
        "skills" => "p-skill-" + TalentTaxonomy.Skills[0],
        "availability" => "p-hours-" + Months[0],
        "onSite" => "p-remote",
        _ => "p-" + key.Replace('.', '-'),
    };

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is "submitted" or "accepted" or "logged" ? done : null;
        var page = await LoadAsync(ct);
        if ((Profile?.Pending ?? Profile?.Approved) is { } current)
        {
            Input = ProfileInput.From(current);
        }
        Months = MonthsOf(Input);
        return page;
    }

    public async Task<IActionResult> OnPostProfileAsync(CancellationToken ct)
    {
        Months = MonthsOf(Input);
        var required = Text("talent.required");
        foreach (var (key, missing) in new[] { ("publicSectorYears", Input.PublicSectorYears is null), ("ratePerHour", Input.RatePerHour is null) })
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
        var submitted = await Api.SubmitProfileAsync(Input.Details(), ct);
        return submitted.Problem is { } problem ? await RefusedAsync(problem, LoadAsync, ct) : RedirectToPage(new { done = "submitted" });
    }

    public async Task<IActionResult> OnPostAcceptAsync(string town, string needId, CancellationToken ct)
    {
        var accepted = await Api.AcceptOfferAsync(town, needId, ct);
        if (accepted.Problem is { } problem)
        {
            FormFor = needId;
            Months = MonthsOf(Input);
            return await RefusedAsync(problem, LoadAsync, ct);
        }
        return RedirectToPage(new { done = "accepted" });
    }

    public async Task<IActionResult> OnPostHoursAsync(string town, string assignmentId, string month, decimal? hours, int? onSiteDays, CancellationToken ct)
    {
        Months = MonthsOf(Input);
        FormFor = TimesheetForm(assignmentId, month);
        if (hours is null)
        {
            Errors["hours"] = [Text("talent.required")];
            return await LoadAsync(ct);
        }
        var logged = await Api.LogHoursAsync(town, assignmentId, month, hours.Value, onSiteDays ?? 0, ct);
        return logged.Problem is { } problem ? await RefusedAsync(problem, LoadAsync, ct) : RedirectToPage(null, null, new { done = "logged" }, TimesheetForm(assignmentId, month));
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var profile = await Api.ProfileAsync(ct);
        if (profile.Problem is { Status: not StatusCodes.Status404NotFound } problem)
        {
            return Failed(problem);
        }
        Profile = profile.Value;
        if (Profile?.Approved is not null)
        {
            var offers = await Api.OffersAsync(ct);
            if (offers.Problem is { } noOffers)
            {
                return Failed(noOffers);
            }
            Offers = offers.Value!;
            var assignments = await Api.MyAssignmentsAsync(ct);
            if (assignments.Problem is { } noAssignments)
            {
                return Failed(noAssignments);
            }
            Assignments = assignments.Value!;
        }
        return Page();
    }

    private static IReadOnlyList<string> MonthsOf(ProfileInput input) =>
        [.. input.Hours.Keys.Where(m => m.Length == 7).Union(MonthsFromNow(12)).Order(StringComparer.Ordinal)];
}

/// <summary>The profile form's fields: a level per skill (none: not offered), hours per month (blank: none).</summary>
public sealed class ProfileInput
{
    public string? Name { get; set; }
    public string? Role { get; set; }
    public Dictionary<string, int?> Levels { get; set; } = [];
    public int? PublicSectorYears { get; set; }
    public Dictionary<string, int?> Hours { get; set; } = [];
    public bool Remote { get; set; } = true;
    public bool OnSite { get; set; }
    public string? Region { get; set; }
    public decimal? RatePerHour { get; set; }
    public string? Email { get; set; }
    public string? Phone { get; set; }

    public static ProfileInput From(ProfileDetails d) => new()
    {
        Name = d.Name, Role = d.Role, Levels = d.Skills.ToDictionary(s => s.Skill, s => (int?)s.Level), PublicSectorYears = d.PublicSectorYears,
        Hours = d.Availability.ToDictionary(a => a.Month, a => (int?)a.Hours), Remote = d.Remote, OnSite = d.OnSite, Region = d.Region,
        RatePerHour = d.RatePerHour, Email = d.Contact.Email, Phone = d.Contact.Phone,
    };

    public ProfileDetails Details() => new(
        (Name ?? "").Trim(), Role ?? "",
        [.. Levels.Where(l => l.Value is not null).Select(l => new SkillLevel(l.Key, l.Value!.Value))],
        PublicSectorYears!.Value,
        [.. Hours.Where(h => h.Value is not null).OrderBy(h => h.Key, StringComparer.Ordinal).Select(h => new MonthHours(h.Key, h.Value!.Value))],
        Remote, OnSite, (Region ?? "").Trim(), RatePerHour!.Value,
        new Contact((Email ?? "").Trim(), string.IsNullOrWhiteSpace(Phone) ? null : Phone.Trim()));
}
