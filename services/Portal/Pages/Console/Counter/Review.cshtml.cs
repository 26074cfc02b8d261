using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Console.Counter;

/// <summary>/Console/Counter/{id}/Review: the counter application's saved answers to check with the resident, then "submit".</summary>
public sealed class ReviewModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public StaffApplication? Application { get; private set; }

    public FormAnswers? Answers { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        (Application, Answers, var failure) = await WithFormAsync(await Api.ReviewAsync(id, ct), ct);
        if (failure is not null)
        {
            return failure;
        }
        if (!Application!.IsOpenAtCounter)
        {
            return RedirectToPage("/Console/Applications/Detail", new { id });
        }
        await ShowFilesAsync(Answers!, id, ApplicationSide.Staff, "/Console/Applications/Detail", ct);
        return Page();
    }
}
