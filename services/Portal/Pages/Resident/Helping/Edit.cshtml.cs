using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident.Helping;

/// <summary>
/// /Resident/Helping/{id}/Edit: an application a helper fills in for a resident who authorised them:
/// the resident's own form, files and steps (<see cref="ApplicationEditPageModel"/>) through the
/// helping API, which refuses every step once the helper or the authorisation is revoked (403, shown
/// here). Submitted: its receipt page instead.
/// </summary>
public sealed class EditModel(EApplicationClient api) : ApplicationEditPageModel(api)
{
    protected override ApplicationSide Side => ApplicationSide.Helper;

    public HelpingApplication? Application { get; private set; }

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, bool saved, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failed)
        {
            return failed;
        }
        if (!Application!.IsOpen)
        {
            return Application.ReceiptNumber is null ? RedirectToPage("/Resident/Helping/Index") : RedirectToPage(Side.SubmittedPage, new { id });
        }
        Saved = saved;
        return Page();
    }

    protected override async Task<IActionResult?> LoadAsync(string id, CancellationToken ct)
    {
        (Application, Form, var failure) = await WithFormAsync(await Api.HelpingApplicationAsync(id, ct), ct);
        ApplicationId = id;
        return failure;
    }
}
