using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident;

/// <summary>/Resident/Procedures: the town's published procedures, each a link to its form (オンライン申請).</summary>
public sealed class ProceduresModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public IReadOnlyList<ProcedureSummary> Procedures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var procedures = await Api.ProceduresAsync(ct);
        if (procedures.Problem is { } problem)
        {
            return Failed(problem);
        }
        Procedures = procedures.Value!;
        return Page();
    }
}
