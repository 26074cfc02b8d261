using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Points;

namespace SharedServices.Portal.Pages.Resident.Points;

/// <summary>/Resident/Points/History: every grant, payment, refund and lapse, newest first, and a refused grant's reason.</summary>
public sealed class HistoryModel(PointsClient api) : PointsPageModel(api)
{
    public IReadOnlyList<HistoryEntry> Entries { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var history = await Api.HistoryAsync(ct);
        if (history.Problem is { } problem)
        {
            return Failed(problem);
        }
        Entries = history.Value!;
        return Page();
    }
}
