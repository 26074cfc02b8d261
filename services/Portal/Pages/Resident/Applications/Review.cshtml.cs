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
        var application = await Api.ApplicationAsync(id, ct);
        if (application.Problem is { } problem)
        {
            return Failed(problem);
        }
        Application = application.Value!;
        if (!Application.IsOpen)
        {
            return RedirectToPage("/Resident/Applications/Detail", new { id });
        }
        var form = await Api.FormAsync(Application.ProcedureKey, ct);
        if (form.Problem is { } noForm)
        {
            return Failed(noForm);
        }
        Answers = FormAnswers.Of(form.Value!, Application.Answers);
        await ShowFilesAsync(Answers, id, ApplicationSide.Resident, "/Resident/Applications/Detail", ct);
        return Page();
    }
}
