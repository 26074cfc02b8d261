using Microsoft.AspNetCore.Mvc;

namespace SharedServices.Portal.Features.EApplication;

/// <summary>
/// What the e-application pages share: the API client, besides how every page over a service's API
/// answers its problems (<see cref="ServiceApiPageModel"/>), and applications' forms and files.
/// </summary>
public abstract class EApplicationPageModel(EApplicationClient api) : ServiceApiPageModel
{
    protected EApplicationClient Api => api;

    /// <summary>
    /// An application as the API answered, then its form with the answers so far: the application and
    /// its form, or the page that says why not.
    /// </summary>
    protected async Task<(T? Application, FormAnswers? Form, IActionResult? Failure)> WithFormAsync<T>(ApiResult<T> loaded, CancellationToken ct)
        where T : class, IFilledInApplication
    {
        if (loaded.Problem is { } problem)
        {
            return (null, null, Failed(problem));
        }
        var application = loaded.Value!;
        var form = await Api.FormAsync(application.ProcedureKey, ct);
        return form.Problem is { } noForm
            ? (application, null, Failed(noForm))
            : (application, FormAnswers.Of(form.Value!, application.Answers), null);
    }

    /// <summary>
    /// Looks up the application's files so the answers show them by name (and, with a page that has a
    /// <c>Download</c> handler, as links); without the list the answers still show how many.
    /// </summary>
    protected async Task ShowFilesAsync(FormAnswers answers, string applicationId, ApplicationSide side, string? downloadPage, CancellationToken ct)
    {
        if (!answers.Definition.Fields.Any(f => f.Type == SharedServices.EApplication.Forms.FieldType.File))
        {
            return;
        }
        var listed = await Api.AttachmentsAsync(side, applicationId, ct);
        if (listed.Ok)
        {
            answers.Files = new(applicationId, listed.Value!.ToDictionary(a => a.Id, StringComparer.OrdinalIgnoreCase), downloadPage);
        }
    }
}
