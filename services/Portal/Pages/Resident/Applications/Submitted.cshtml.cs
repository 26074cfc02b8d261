using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Resident.Applications;

/// <summary>/Resident/Applications/{id}/Submitted: "received", with the receipt number (受付番号).</summary>
public sealed class SubmittedModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public ResidentApplication? Application { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var application = await Api.ApplicationAsync(id, ct);
        if (application.Problem is { } problem)
        {
            return Failed(problem);
        }
        Application = application.Value;
        return Page();
    }
}
