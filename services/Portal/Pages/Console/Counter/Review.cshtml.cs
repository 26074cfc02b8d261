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
        var application = await Api.ReviewAsync(id, ct);
        if (application.Problem is { } problem)
        {
            return Failed(problem);
        }
        Application = application.Value!;
        if (!Application.IsOpenAtCounter)
        {
            return RedirectToPage("/Console/Applications/Detail", new { id });
        }
        var form = await Api.FormAsync(Application.ProcedureKey, ct);
        if (form.Problem is { } noForm)
        {
            return Failed(noForm);
        }
        Answers = FormAnswers.Of(form.Value!, Application.Answers);
        await ShowFilesAsync(Answers, id, ApplicationSide.Staff, "/Console/Applications/Detail", ct);
        return Page();
    }
}
