using Microsoft.AspNetCore.Mvc;
using SharedServices.EApplication.Forms;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident;

/// <summary>
/// /Resident/Apply/{key}: a procedure's form, empty. The first save (draft, review or a file) starts
/// the application; from then on it is /Resident/Applications/{id}/Edit.
/// </summary>
public sealed class ApplyModel(EApplicationClient api) : ApplicationFormPageModel(api)
{
    protected override ApplicationSide Side => ApplicationSide.Resident;

    public FormDefinition? Definition => Form?.Definition;

    public async Task<IActionResult> OnGetAsync(string key, CancellationToken ct)
    {
        var form = await Api.FormAsync(key, ct);
        if (form.Problem is { } problem)
        {
            return Failed(problem);
        }
        Form = FormAnswers.Empty(form.Value!);
        return Page();
    }

    public Task<IActionResult> OnPostSaveAsync(string key, CancellationToken ct) =>
        StartAndSaveAsync(key, id => RedirectToPage("/Resident/Applications/Edit", new { id, saved = true }), ct);

    public Task<IActionResult> OnPostReviewAsync(string key, CancellationToken ct) =>
        StartAndSaveAsync(key, id => RedirectToPage("/Resident/Applications/Review", new { id }), ct);

    public Task<IActionResult> OnPostUploadAsync(string key, string? upload, CancellationToken ct) =>
        StartAndSaveAsync(key, id => RedirectToPage("/Resident/Applications/Edit", null, new { id }, $"field-{upload}"), ct);

    private async Task<IActionResult> StartAndSaveAsync(string key, Func<string, IActionResult> next, CancellationToken ct)
    {
        var form = await Api.FormAsync(key, ct);
        if (form.Problem is { } problem)
        {
            return Failed(problem);
        }
        Form = FormAnswers.Read(form.Value!, Request.Form);
        var started = await Api.StartAsync(key, ct);
        if (started.Problem is { } refused)
        {
            return Failed(refused);
        }
        ApplicationId = started.Value!.Id;
        return AfterSave(await SaveAsync(ApplicationId, form.Value!, ct), () => next(ApplicationId));
    }
}
