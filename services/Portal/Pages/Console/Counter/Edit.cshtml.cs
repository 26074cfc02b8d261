using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Console.Counter;

/// <summary>
/// /Console/Counter/{id}/Edit: a counter application's form, filled in by staff with the resident at
/// the counter: the resident's own form, files and steps (<see cref="ApplicationEditPageModel"/>),
/// through the console's API. Anything else (an online application, one already submitted) is shown
/// in the queue's page instead.
/// </summary>
public sealed class EditModel(EApplicationClient api) : ApplicationEditPageModel(api)
{
    protected override ApplicationSide Side => ApplicationSide.Staff;

    public StaffApplication? Application { get; private set; }

    public bool Saved { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, bool saved, CancellationToken ct)
    {
        if (await LoadAsync(id, ct) is { } failed)
        {
            return failed;
        }
        if (!Application!.IsOpenAtCounter)
        {
            return RedirectToPage("/Console/Applications/Detail", new { id });
        }
        Saved = saved;
        return Page();
    }

    protected override async Task<IActionResult?> LoadAsync(string id, CancellationToken ct)
    {
        (Application, Form, var failure) = await WithFormAsync(await Api.ReviewAsync(id, ct), ct);
        ApplicationId = id;
        return failure;
    }
}
