using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident;

/// <summary>
/// /Resident/Helpers (支援者への委任): the registered helpers the resident has authorised to apply on
/// their behalf, a form to authorise one by the code (支援者番号) the helper gave them, until a day of
/// their choosing (a year at most), and "取り消す" for each authorisation still in force.
/// </summary>
public sealed class HelpersModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public IReadOnlyList<HelperAuthorisation> Authorisations { get; private set; } = [];

    [BindProperty]
    public string? HelperCode { get; set; }

    [BindProperty]
    public DateOnly? Until { get; set; }

    /// <summary>What was just done (authorised, revoked): announced above the list.</summary>
    public string? Done { get; private set; }

    public IEnumerable<(string? Anchor, string Message)> Summary =>
        Errors.SelectMany(e => e.Value.Select(m => ((string?)(e.Key == "until" ? "until" : "helper-code"), m)));

    public async Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is "authorised" or "revoked" ? done : null;
        return await ListAsync(ct);
    }

    public async Task<IActionResult> OnPostAuthoriseAsync(CancellationToken ct)
    {
        // An unreadable date (the browser's date box sends yyyy-MM-dd) is the field's error, as the service's would be.
        if (!ModelState.IsValid && ModelState.TryGetValue(nameof(Until), out var until) && until.Errors.Count > 0)
        {
            Errors["until"] = [Language == "en" ? "Enter the date as yyyy-MM-dd." : "日付を 2025-04-01 の形で入力してください。"];
            return await ListAsync(ct);
        }
        var granted = await Api.AuthoriseAsync(HelperCode?.Trim(), Until, ct);
        if (granted.Problem is { } problem)
        {
            if (problem.Status != StatusCodes.Status400BadRequest)
            {
                return Failed(problem);
            }
            ShowFieldErrors(problem);
            return await ListAsync(ct);
        }
        return RedirectToPage(new { done = "authorised" });
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken ct)
    {
        var revoked = await Api.RevokeAuthorisationAsync(id, ct);
        return revoked.Problem is { } problem ? Failed(problem) : RedirectToPage(new { done = "revoked" });
    }

    private async Task<IActionResult> ListAsync(CancellationToken ct)
    {
        var mine = await Api.AuthorisationsAsync(ct);
        if (mine.Problem is { } problem)
        {
            return Failed(problem);
        }
        Authorisations = mine.Value!;
        return Page();
    }

    /// <summary>2026年11月23日 (English: 2026-11-23).</summary>
    public string Day(DateOnly day) =>
        day.ToString(Language == "en" ? "yyyy-MM-dd" : "yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);
}
