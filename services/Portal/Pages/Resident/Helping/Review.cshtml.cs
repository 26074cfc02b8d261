using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident.Helping;

/// <summary>/Resident/Helping/{id}/Review: the answers the helper saved for the resident, to check, then "submit".</summary>
public sealed class ReviewModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public HelpingApplication? Application { get; private set; }

    public FormAnswers? Answers { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        (Application, Answers, var failure) = await WithFormAsync(await Api.HelpingApplicationAsync(id, ct), ct);
        if (failure is not null)
        {
            return failure;
        }
        if (!Application!.IsOpen)
        {
            return RedirectToPage("/Resident/Helping/Edit", new { id });
        }
        await ShowFilesAsync(Answers!, id, ApplicationSide.Helper, "/Resident/Helping/Review", ct);
        return Page();
    }

    /// <summary>A file the helper attached, to check before submitting (through the helping API: only while they may act).</summary>
    public async Task<IActionResult> OnGetDownloadAsync(string id, string attachmentId, CancellationToken ct) =>
        Download(await Api.DownloadAsync(ApplicationSide.Helper, id, attachmentId, ct));
}
