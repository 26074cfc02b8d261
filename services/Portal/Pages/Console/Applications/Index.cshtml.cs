using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Console.Applications;

/// <summary>/Console/Applications: the town's queue (申請の審査), filtered by procedure, status and date of submission (a GET form).</summary>
public sealed class IndexModel(EApplicationClient api) : EApplicationPageModel(api)
{
    [BindProperty(SupportsGet = true)]
    public string? Procedure { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public DateOnly? To { get; set; }

    public IReadOnlyList<QueueItem> Items { get; private set; } = [];

    public IReadOnlyList<ProcedureSummary> Procedures { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var procedures = await Api.TownProceduresAsync(ct);
        Procedures = procedures.Value ?? [];
        var queue = await Api.QueueAsync(Procedure, Status, From, To, ct);
        if (queue.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status400BadRequest)
            {
                ShowFieldErrors(problem);
                return Page();
            }
            return Failed(problem);
        }
        Items = queue.Value!;
        return Page();
    }

    public string TitleOf(string key) =>
        Procedures.FirstOrDefault(p => p.Key == key)?.Title?.In(Language) ?? key;
}
