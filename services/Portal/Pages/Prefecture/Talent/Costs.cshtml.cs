using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Talent;

namespace SharedServices.Portal.Pages.Prefecture.Talent;

/// <summary>
/// /Prefecture/Talent/Costs?month=yyyy-MM (経費の集計): every town's cost and net cost for the month, and each person's,
/// a person shared by several towns split by the hours each town approved.
/// </summary>
public sealed class CostsModel(TalentClient api) : TalentPageModel(api)
{
    protected override bool TownPage => false;

    public string Month { get; private set; } = "";

    public PrefectureCosts? Report { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? month, CancellationToken ct)
    {
        Month = MonthOrNow(month);
        var report = await Api.PrefectureCostsAsync(Month, ct);
        if (report.Problem is { } problem)
        {
            return Failed(problem);
        }
        Report = report.Value;
        return Page();
    }
}
