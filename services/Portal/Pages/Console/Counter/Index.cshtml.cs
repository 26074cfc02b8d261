using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Console.Counter;

/// <summary>
/// /Console/Counter: a counter application (窓口代行) begins here. Staff choose the published procedure
/// and type the name of the resident they apply for (氏名, as on the document checked at the counter);
/// the service starts the application, recording who acted for whom, and its form follows.
/// </summary>
public sealed class IndexModel(EApplicationClient api) : EApplicationPageModel(api)
{
    [BindProperty(SupportsGet = true, Name = "procedure")]
    public string? ProcedureKey { get; set; }

    [BindProperty]
    public string? ApplicantName { get; set; }

    public IReadOnlyList<ProcedureSummary> Procedures { get; private set; } = [];

    public Task<IActionResult> OnGetAsync(CancellationToken ct) => ShowAsync(ct);

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        var started = await Api.StartAtCounterAsync(ProcedureKey ?? "", ApplicantName ?? "", ct);
        if (started.Ok)
        {
            return RedirectToPage("/Console/Counter/Edit", new { id = started.Value!.Id });
        }
        if (started.Problem!.Status != StatusCodes.Status400BadRequest)
        {
            return Failed(started.Problem);
        }
        // The form again, what was typed kept, the message beside its field.
        ShowFieldErrors(started.Problem);
        return await ShowAsync(ct);
    }

    private async Task<IActionResult> ShowAsync(CancellationToken ct)
    {
        var procedures = await Api.ProceduresAsync(ct);
        if (procedures.Problem is { } problem)
        {
            return Failed(problem);
        }
        Procedures = procedures.Value!;
        return Page();
    }

    /// <summary>The errors, each linked to its input (the API names the request's fields).</summary>
    public IReadOnlyList<(string? Anchor, string Message)> Summary() =>
        [.. Errors.SelectMany(e => e.Value.Select(m => (AnchorOf(e.Key), m)))];

    public string? ErrorOf(string key) => Errors.TryGetValue(key, out var messages) ? string.Join(" ", messages) : null;

    private static string? AnchorOf(string key) => key switch
    {
        "procedureKey" => "procedure",
        "applicantName" => "applicant-name",
        _ => null,
    };
}
