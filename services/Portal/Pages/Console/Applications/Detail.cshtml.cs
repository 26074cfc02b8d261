using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Console.Applications;

/// <summary>
/// /Console/Applications/{id}: one application for staff: the answers with their labels, the whole
/// history (comments and assignments too), "assign to me", an internal comment, and the decision
/// (approve, reject, return for correction) with the reason the resident reads.
/// </summary>
public sealed class DetailModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public StaffApplication? Application { get; private set; }

    public FormAnswers? Answers { get; private set; }

    /// <summary>What was just done (assigned, commented, decided), for the status message.</summary>
    public string? Done { get; private set; }

    [BindProperty]
    public string? Outcome { get; set; }

    [BindProperty]
    public string? Reason { get; set; }

    [BindProperty]
    public string? Comment { get; set; }

    public async Task<IActionResult> OnGetAsync(string id, string? done, CancellationToken ct)
    {
        Done = done is "assigned" or "commented" or "decided" ? done : null;
        return await LoadAsync(id, ct) ?? Page();
    }

    public Task<IActionResult> OnPostAssignAsync(string id, CancellationToken ct) =>
        ActAsync(id, Api.AssignToMeAsync(id, ct), "assigned", ct);

    public Task<IActionResult> OnPostCommentAsync(string id, CancellationToken ct) =>
        ActAsync(id, Api.CommentAsync(id, Comment ?? "", ct), "commented", ct);

    public Task<IActionResult> OnPostDecideAsync(string id, CancellationToken ct) =>
        ActAsync(id, Api.DecideAsync(id, Outcome ?? "", string.IsNullOrWhiteSpace(Reason) ? null : Reason, ct), "decided", ct);

    private async Task<IActionResult> ActAsync(string id, Task<ApiResult<bool>> action, string done, CancellationToken ct)
    {
        var result = await action;
        if (result.Ok)
        {
            return RedirectToPage(new { id, done });
        }
        if (result.Problem!.Status != StatusCodes.Status400BadRequest)
        {
            return Failed(result.Problem);
        }
        // The form again, what was typed kept, the message beside its field.
        ShowFieldErrors(result.Problem);
        return await LoadAsync(id, ct) ?? Page();
    }

    private async Task<IActionResult?> LoadAsync(string id, CancellationToken ct)
    {
        var application = await Api.ReviewAsync(id, ct);
        if (application.Problem is { } problem)
        {
            return Failed(problem);
        }
        Application = application.Value!;
        var form = await Api.FormAsync(Application.ProcedureKey, ct);
        Answers = form.Ok ? FormAnswers.Of(form.Value!, Application.Answers) : null;
        if (Answers is not null)
        {
            await ShowFilesAsync(Answers, id, ApplicationSide.Staff, "/Console/Applications/Detail", ct);
        }
        return null;
    }

    /// <summary>One of the application's files, passed through from the service with the staff member's token.</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string id, string attachmentId, CancellationToken ct) =>
        Download(await Api.DownloadAsync(ApplicationSide.Staff, id, attachmentId, ct));

    /// <summary>Errors of the decision and comment forms, linked to their inputs.</summary>
    public IReadOnlyList<(string? Anchor, string Message)> Summary() =>
        [.. Errors.SelectMany(e => e.Value.Select(m => (e.Key switch
        {
            "outcome" => "outcome-approve",
            "reason" => "reason",
            "text" => "comment",
            _ => (string?)null,
        }, m)))];

    public string? ErrorOf(string key) => Errors.TryGetValue(key, out var messages) ? string.Join(" ", messages) : null;
}
