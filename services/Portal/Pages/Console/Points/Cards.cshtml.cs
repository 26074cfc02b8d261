using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Points;

namespace SharedServices.Portal.Pages.Console.Points;

/// <summary>
/// /Console/Points/Cards (ポイントカード): staff issue a printed card for a resident without a smartphone —
/// the letter (card with its QR code, and the PIN on its own page) downloads as a PDF to print and mail —
/// and stop a lost card. A new card stops the resident's earlier one.
/// </summary>
public sealed class CardsModel(PointsClient api) : PointsPageModel(api)
{
    [BindProperty]
    public string? ResidentId { get; set; }

    [BindProperty]
    public string? CardNumber { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Done { get; set; }

    public IEnumerable<(string? Anchor, string Message)> Summary =>
        Errors.SelectMany(e => e.Value.Select(m => ((string?)(e.Key == "residentId" ? "card-resident" : "card-number"), m)));

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostIssueAsync(CancellationToken ct)
    {
        var letter = await Api.IssueCardAsync(ResidentId?.Trim(), ct);
        if (letter.Problem is { } problem)
        {
            return Refused(problem, "residentId");
        }
        return File(letter.Value!, "application/pdf", $"point-card-{DateTime.UtcNow:yyyyMMddHHmmss}.pdf");
    }

    public async Task<IActionResult> OnPostStopAsync(CancellationToken ct)
    {
        var number = CardNumber?.Replace(" ", "", StringComparison.Ordinal).Trim() ?? "";
        if (number.Length == 0)
        {
            Errors["cardNumber"] = [Text("cards.number.required")];
            return Page();
        }
        var stopped = await Api.StopCardAsync(number, ct);
        return stopped.Problem is { } problem ? Refused(problem, "cardNumber") : RedirectToPage(new { done = "stopped" });
    }

    private IActionResult Refused(ApiProblem problem, string field)
    {
        if (problem.Status == StatusCodes.Status401Unauthorized || problem.IsUnavailable)
        {
            return Failed(problem);
        }
        if (problem.Status == StatusCodes.Status400BadRequest)
        {
            ShowFieldErrors(problem);
        }
        else if (problem.Status == StatusCodes.Status404NotFound)
        {
            Errors[field] = [Text("cards.number.unknown")];
        }
        else
        {
            Problem = problem;
        }
        Response.StatusCode = problem.Status;
        return Page();
    }
}
