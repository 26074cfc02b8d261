using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Talent;

namespace SharedServices.Portal.Pages.Console.Talent;

/// <summary>
/// /Console/Talent/Costs?month=yyyy-MM (人材活用の経費): per assignment the month's approved hours, the cost, the
/// 特別交付税 措置率 of its procurement and the net cost to the town; this month by default.
/// </summary>
public sealed class CostsModel(TalentClient api) : TalentPageModel(api)
{
    public string Month { get; private set; } = "";

    public TownCosts? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? month, CancellationToken ct)
    {
        Month = MonthOrNow(month);
        var report = await Api.TownCostsAsync(Month, ct);
        if (report.Problem is { } problem)
        {
            return Failed(problem);
        }
        Report = report.Value;
        return Page();
    }
}
