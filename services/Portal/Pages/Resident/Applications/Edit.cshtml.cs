using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident.Applications;

/// <summary>
/// /Resident/Applications/{id}/Edit: a draft, or an application returned for correction, in its form
/// with the answers so far (save, attach, review, submit: <see cref="ApplicationEditPageModel"/>).
/// </summary>
public sealed class EditModel(EApplicationClient api) : ApplicationEditPageModel(api)
{
    protected override ApplicationSide Side => ApplicationSide.Resident;

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

    protected override async Task<IActionResult?> LoadAsync(string id, CancellationToken ct)
    {
        (Application, Form, var failure) = await WithFormAsync(await Api.ApplicationAsync(id, ct), ct);
        ApplicationId = id;
        return failure;
    }
}
