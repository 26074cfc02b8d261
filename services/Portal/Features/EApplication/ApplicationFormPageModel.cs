using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SharedServices.EApplication.Forms;

namespace SharedServices.Portal.Features.EApplication;

/// <summary>
/// The pages that show a form to fill in: a resident's (a new application, a draft, a returned one),
/// staff's counter application (窓口代行) or a helper's for a resident (代理申請). What they post is saved as the application's answers, with
/// any chosen file forwarded to the attachments API first and its id added to the field's answer.
/// </summary>
// Files come through here: above the shell's 256 KB body limit, up to the platform's largest file.
[RequestSizeLimit(FileLimits.PlatformMaxBytes + 1024 * 1024)]
[RequestFormLimits(MultipartBodyLengthLimit = FileLimits.PlatformMaxBytes + 1024 * 1024)]
public abstract class ApplicationFormPageModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public FormAnswers? Form { get; protected set; }

    /// <summary>The application the form saves to (null until the first save starts one).</summary>
    public string? ApplicationId { get; protected set; }

    /// <summary>Whose form it is: the part of the API it is saved to, and the pages that carry it.</summary>
    protected abstract ApplicationSide Side { get; }

    public ApplicationFormView FormView => new(Form!, Errors, ApplicationId, Side.EditPage);

    /// <summary>Whenever the form is shown, its attached files are shown by name.</summary>
    public override async Task OnPageHandlerExecutionAsync(PageHandlerExecutingContext context, PageHandlerExecutionDelegate next)
    {
        var executed = await next();
        if (executed.Result is PageResult && Form is { } form && ApplicationId is { } id && Problem is null)
        {
            await ShowFilesAsync(form, id, Side, downloadPage: null, HttpContext.RequestAborted);
        }
    }

    /// <summary>
    /// Reads the posted answers (less a file being removed), forwards the files, saves the draft;
    /// field errors and a problem otherwise.
    /// </summary>
    protected async Task<ApiProblem?> SaveAsync(string applicationId, FormDefinition definition, CancellationToken ct, string? removing = null)
    {
        Form = FormAnswers.Read(definition, Request.Form);
        if (removing is not null)
        {
            Form.RemoveAttachment(removing);
        }
        foreach (var file in Request.Form.Files.Where(f => f.Length > 0 && f.Name.StartsWith("file.", StringComparison.Ordinal)))
        {
            var field = file.Name["file.".Length..];
            if (definition.FindField(field) is not { Type: FieldType.File })
            {
                continue;
            }
            var attached = await Api.AttachAsync(Side, applicationId, field, file, ct);
            if (attached.Problem is { } problem)
            {
                if (problem.IsUnavailable || problem.Status == StatusCodes.Status401Unauthorized)
                {
                    return problem;
                }
                // The upload's own complaint (size, type, count) belongs beside the field.
                Errors[field] = [.. (problem.Errors.Count > 0 ? problem.Errors.Values.SelectMany(m => m) : [problem.Detail ?? problem.Title])
                    .Select(m => Bilingual.Pick(m, Language))];
                continue;
            }
            Form.AddAttachment(field, attached.Value!.Id);
        }
        var saved = await Api.SaveAnswersAsync(Side, applicationId, Form.Values, ct);
        return saved.Problem;
    }

    /// <summary>After a save: on to the next page, or the form again with what went wrong.</summary>
    protected IActionResult AfterSave(ApiProblem? problem, Func<IActionResult> next)
    {
        if (problem is not null)
        {
            if (problem.Status == StatusCodes.Status400BadRequest)
            {
                ShowFieldErrors(problem);
                return Page();
            }
            return Failed(problem);
        }
        return Errors.Count > 0 ? Page() : next();
    }
}
