using Microsoft.AspNetCore.Mvc;

namespace SharedServices.Portal.Features.EApplication;

/// <summary>
/// A started application in its form with the answers so far: a resident's draft or returned
/// application, staff's counter application (窓口代行), or a helper's for a resident (代理申請). The page
/// says how to load it; the handlers are the same on every side: save the draft, go on to the review, attach or remove a file, and take
/// the submission from the review page (the service's validation errors come back here, beside their
/// fields).
/// </summary>
public abstract class ApplicationEditPageModel(EApplicationClient api) : ApplicationFormPageModel(api)
{
    /// <summary>The application and its form with the saved answers (<see cref="ApplicationFormPageModel.Form"/>); the failure page otherwise.</summary>
    protected abstract Task<IActionResult?> LoadAsync(string id, CancellationToken ct);

    public Task<IActionResult> OnPostSaveAsync(string id, CancellationToken ct) =>
        SaveThenAsync(id, () => RedirectToPage(new { id, saved = true }), ct);

    public Task<IActionResult> OnPostReviewAsync(string id, CancellationToken ct) =>
        SaveThenAsync(id, () => RedirectToPage(Side.ReviewPage, new { id }), ct);

    public Task<IActionResult> OnPostUploadAsync(string id, string? upload, CancellationToken ct) =>
        SaveThenAsync(id, () => ToField(id, upload), ct);

    /// <summary>
    /// "Remove" beside an attached file: the answers saved without it, then the file itself deleted
    /// while not yet submitted (a submitted one stays with the record, no longer in the answer).
    /// </summary>
    public async Task<IActionResult> OnPostRemoveAsync(string id, string? remove, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failed)
        {
            return failed;
        }
        var field = remove is null ? null : Form!.Definition.Fields.FirstOrDefault(f => Form.List(f.Key).Contains(remove))?.Key;
        var problem = await SaveAsync(id, Form!.Definition, ct, removing: remove);
        if (problem is null && remove is not null)
        {
            var removed = await Api.RemoveAttachmentAsync(Side, id, remove, ct);
            if (removed.Problem is { } refused && refused.Status is not (StatusCodes.Status404NotFound or StatusCodes.Status409Conflict))
            {
                problem = refused;
            }
        }
        return AfterSave(problem, () => ToField(id, field));
    }

    /// <summary>From the review page: submit (or resubmit); what the service refuses is shown in the form.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(string id, CancellationToken ct)
    {
        var submitted = await Api.SubmitAsync(Side, id, ct);
        if (submitted.Ok)
        {
            return RedirectToPage(Side.SubmittedPage, new { id });
        }
        if (submitted.Problem!.Status != StatusCodes.Status400BadRequest)
        {
            return Failed(submitted.Problem);
        }
        if (await LoadAsync(id, ct) is { } failed)
        {
            return failed;
        }
        ShowFieldErrors(submitted.Problem);
        return Page();
    }

    private async Task<IActionResult> SaveThenAsync(string id, Func<IActionResult> next, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failed)
        {
            return failed;
        }
        return AfterSave(await SaveAsync(id, Form!.Definition, ct), next);
    }

    /// <summary>The form again, scrolled to the field a file was attached to or removed from.</summary>
    private RedirectToPageResult ToField(string id, string? field) =>
        RedirectToPage(Side.EditPage, null, new { id }, field is null ? null : $"field-{field}");
}
