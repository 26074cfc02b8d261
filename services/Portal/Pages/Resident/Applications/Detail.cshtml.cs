using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident.Applications;

/// <summary>
/// /Resident/Applications/{id}: one of the resident's applications: status, the reason when returned
/// or rejected, the answers, the history; "correct" when returned, "withdraw" before a decision.
/// </summary>
public sealed class DetailModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public ResidentApplication? Application { get; private set; }

    public FormAnswers? Answers { get; private set; }

    public bool Withdrawn { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, bool withdrawn, CancellationToken ct)
    {
        var application = await Api.ApplicationAsync(id, ct);
        if (application.Problem is { } problem)
        {
            return Failed(problem);
        }
        Application = application.Value!;
        Withdrawn = withdrawn;
        // The labels of the answers; without the form (unpublished since) the page still shows the status.
        var form = await Api.FormAsync(Application.ProcedureKey, ct);
        Answers = form.Ok ? FormAnswers.Of(form.Value!, Application.Answers) : null;
        if (Answers is not null)
        {
            await ShowFilesAsync(Answers, id, ApplicationSide.Resident, "/Resident/Applications/Detail", ct);
        }
        return Page();
    }

    /// <summary>One of the application's files, passed through from the service.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string id, string attachmentId, CancellationToken ct) =>
        Download(await Api.DownloadAsync(ApplicationSide.Resident, id, attachmentId, ct));

    public async Task<IActionResult> OnPostWithdrawAsync(string id, CancellationToken ct)
    {
        var withdrawn = await Api.WithdrawAsync(id, ct);
        return withdrawn.Problem is { } problem ? Failed(problem) : RedirectToPage(new { id, withdrawn = true });
    }
}
