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
        var application = await Api.HelpingApplicationAsync(id, ct);
        if (application.Problem is { } problem)
        {
            return Failed(problem);
        }
        Application = application.Value!;
        if (!Application.IsOpen)
        {
            return RedirectToPage("/Resident/Helping/Edit", new { id });
        }
        var form = await Api.FormAsync(Application.ProcedureKey, ct);
        if (form.Problem is { } noForm)
        {
            return Failed(noForm);
        }
        Answers = FormAnswers.Of(form.Value!, Application.Answers);
        await ShowFilesAsync(Answers, id, ApplicationSide.Helper, downloadPage: null, ct);
        return Page();
    }
}
