using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident.Applications;

/// <summary>
/// /Resident/Applications/{id}/Edit: a draft, or an application returned for correction, in its form
/// with the answers so far. Saves the draft, goes on to the review, and takes the submission from the
/// review page: the service's validation errors come back here, beside their fields.
/// </summary>
public sealed class EditModel(EApplicationClient api) : ApplicationFormPageModel(api)
{
    public ResidentApplication? Application { get; private set; }

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, bool saved, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failed)
        {
            return failed;
        }
        if (!Application!.IsOpen)
        {
            return RedirectToPage("/Resident/Applications/Detail", new { id });
        }
        Saved = saved;
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(string id, CancellationToken ct) =>
        SaveThenAsync(id, () => RedirectToPage(new { id, saved = true }), ct);

    public Task<IActionResult> OnPostReviewAsync(string id, CancellationToken ct) =>
        SaveThenAsync(id, () => RedirectToPage("/Resident/Applications/Review", new { id }), ct);

    public Task<IActionResult> OnPostUploadAsync(string id, string? upload, CancellationToken ct) =>
        SaveThenAsync(id, () => RedirectToPage("/Resident/Applications/Edit", null, new { id }, $"field-{upload}"), ct);

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
            var removed = await Api.RemoveAttachmentAsync(id, remove, ct);
            if (removed.Problem is { } refused && refused.Status is not (StatusCodes.Status404NotFound or StatusCodes.Status409Conflict))
            {
                problem = refused;
            }
        }
        return AfterSave(problem, () => RedirectToPage("/Resident/Applications/Edit", null, new { id }, field is null ? null : $"field-{field}"));
    }

    /// <summary>From the review page: submit (or resubmit); what the service refuses is shown in the form.</summary>
    public async Task<IActionResult> OnPostSubmitAsync(string id, CancellationToken ct)
    {
        var submitted = await Api.SubmitAsync(id, ct);
        if (submitted.Ok)
        {
            return RedirectToPage("/Resident/Applications/Submitted", new { id });
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

    /// <summary>The application and its form with the saved answers; the failure page otherwise.</summary>
    private async Task<IActionResult?> LoadAsync(string id, CancellationToken ct)
    {
        var application = await Api.ApplicationAsync(id, ct);
        if (application.Problem is { } problem)
        {
            return Failed(problem);
        }
        Application = application.Value!;
        var form = await Api.FormAsync(Application.ProcedureKey, ct);
        if (form.Problem is { } noForm)
        {
            return Failed(noForm);
        }
        ApplicationId = id;
        Form = FormAnswers.Of(form.Value!, Application.Answers);
        return null;
    }
}
