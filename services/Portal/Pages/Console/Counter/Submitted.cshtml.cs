using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Console.Counter;

/// <summary>/Console/Counter/{id}/Submitted: "received", with the receipt number (受付番号) to hand to the resident.</summary>
public sealed class SubmittedModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public StaffApplication? Application { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var application = await Api.ReviewAsync(id, ct);
        if (application.Problem is { } problem)
        {
            return Failed(problem);
        }
        Application = application.Value!;
        // Not submitted yet: its form.
        return Application.ReceiptNumber is null ? RedirectToPage("/Console/Counter/Edit", new { id }) : Page();
    }
}
