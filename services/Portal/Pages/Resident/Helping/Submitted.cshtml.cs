using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident.Helping;

/// <summary>/Resident/Helping/{id}/Submitted: "received", with the receipt number (受付番号) to tell the resident (who is also mailed it).</summary>
public sealed class SubmittedModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public HelpingApplication? Application { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var application = await Api.HelpingApplicationAsync(id, ct);
        if (application.Problem is { } problem)
        {
            return Failed(problem);
        }
        Application = application.Value!;
        // Not submitted yet: its form.
        return Application.ReceiptNumber is null ? RedirectToPage("/Resident/Helping/Edit", new { id }) : Page();
    }
}
