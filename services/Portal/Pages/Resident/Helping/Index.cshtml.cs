using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident.Helping;

/// <summary>
/// /Resident/Helping (支援者として申請する): a resident who helps others. Not yet a helper: the request
/// to become one (name, organisation) for staff to approve. Asked: its status, and the code (支援者番号)
/// once approved. Registered: the residents who authorised them, a form to start an application for
/// one (代理申請), and what they made for them; the form itself is on the helper's pages
/// (<see cref="ApplicationSide.Helper"/>).
/// </summary>
public sealed class IndexModel(EApplicationClient api) : EApplicationPageModel(api)
{
    /// <summary>The latest request to become a helper; null when none was made.</summary>
    public HelperRegistration? Registration { get; private set; }

    public IReadOnlyList<HelpedResident> Residents { get; private set; } = [];

    public IReadOnlyList<ProcedureSummary> Procedures { get; private set; } = [];

    public IReadOnlyList<HelpingApplication> Applications { get; private set; } = [];

    [BindProperty]
    public string? Name { get; set; }

    [BindProperty]
    public string? Organisation { get; set; }

    [BindProperty(Name = "resident")]
    public string? AuthorisationId { get; set; }

    [BindProperty(Name = "procedure")]
    public string? ProcedureKey { get; set; }

    /// <summary>What was just done (asked): announced above the page.</summary>
    public string? Done { get; private set; }

    public bool IsRegistered => Registration?.Status == HelperRegistration.Registered;

    /// <summary>No request, or the last one revoked: the form to ask.</summary>
    public bool MayAsk => Registration is null or { Status: HelperRegistration.Revoked };

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is "asked" ? done : null;
        return await ShowAsync(ct);
    }

    public async Task<IActionResult> OnPostAskAsync(CancellationToken ct)
    {
        var asked = await Api.AskToHelpAsync(Name?.Trim(), Organisation?.Trim(), ct);
        if (asked.Ok)
        {
            return RedirectToPage(new { done = "asked" });
        }
        if (asked.Problem!.Status != StatusCodes.Status400BadRequest)
        {
            return await RefusedAsync(asked.Problem, ct);
        }
        ShowFieldErrors(asked.Problem);
        return await ShowAsync(ct);
    }

    /// <summary>The application for the chosen resident; its form follows. A mandate ended meanwhile is the API's 403.</summary>
    public async Task<IActionResult> OnPostStartAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(AuthorisationId))
        {
            Errors["resident"] = [Language == "en" ? "Choose the resident you apply for." : "申請する方を選んでください。"];
            return await ShowAsync(ct);
        }
        var started = await Api.StartForResidentAsync(AuthorisationId, ProcedureKey ?? "", ct);
        if (started.Ok)
        {
            return RedirectToPage("/Resident/Helping/Edit", new { id = started.Value!.Id });
        }
        if (started.Problem!.Status != StatusCodes.Status400BadRequest)
        {
            return await RefusedAsync(started.Problem, ct);
        }
        ShowFieldErrors(started.Problem);
        return await ShowAsync(ct);
    }

    /// <summary>The page as it is now (the registration, whom they may act for), what the service refused above it.</summary>
    private async Task<IActionResult> RefusedAsync(ApiProblem refused, CancellationToken ct)
    {
        var shown = await ShowAsync(ct);
        return Problem is null ? Failed(refused) : shown;
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var registration = await Api.HelperRegistrationAsync(ct);
        if (registration.Problem is { Status: not StatusCodes.Status404NotFound } problem)
        {
            return Failed(problem);
        }
        Registration = registration.Value;
        if (!IsRegistered)
        {
            return Page();
        }
        var residents = await Api.HelpedResidentsAsync(ct);
        var procedures = await Api.ProceduresAsync(ct);
        var applications = await Api.HelpingApplicationsAsync(ct);
        if ((residents.Problem ?? procedures.Problem ?? applications.Problem) is { } failed)
        {
            return Failed(failed);
        }
        Residents = residents.Value!;
        Procedures = procedures.Value!;
        Applications = applications.Value!;
        return Page();
    }

    /// <summary>The errors, each linked to its input.</summary>
    public IReadOnlyList<(string? Anchor, string Message)> Summary() =>
        [.. Errors.SelectMany(e => e.Value.Select(m => (AnchorOf(e.Key), m)))];

    public string? ErrorOf(string key) => Errors.TryGetValue(key, out var messages) ? string.Join(" ", messages) : null;

    private static string? AnchorOf(string key) => key switch
    {
        "name" => "helper-name",
        "organisation" => "organisation",
        "resident" or "authorisationId" => "resident",
        "procedureKey" => "procedure",
        _ => null,
    };

    public string TitleOf(string key) => Procedures.FirstOrDefault(p => p.Key == key)?.Title?.In(Language) ?? key;

    /// <summary>The last day the resident's authorisation lets the helper act (it ends at the next midnight, Japan time).</summary>
    public string LastDay(DateTimeOffset until) =>
        DateOnly.FromDateTime(until.ToOffset(TimeSpan.FromHours(9)).DateTime).AddDays(-1)
            .ToString(Language == "en" ? "yyyy-MM-dd" : "yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);
}
