using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident.Applications;

/// <summary>/Resident/Applications/{id}/Review: the saved answers to check, then "submit" (to the form page, which shows any error).</summary>
public sealed class ReviewModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public ResidentApplication? Application { get; private set; }

    public FormAnswers? Answers { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        (Application, Answers, var failure) = await WithFormAsync(await Api.ApplicationAsync(id, ct), ct);
        if (failure is not null)
        {
            return failure;
        }
        if (!Application!.IsOpen)
        {
            return RedirectToPage("/Resident/Applications/Detail", new { id });
        }
        await ShowFilesAsync(Answers!, id, ApplicationSide.Resident, "/Resident/Applications/Detail", ct);
        return Page();
    }
}
