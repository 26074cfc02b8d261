using System.Globalization;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SharedServices.Portal.Shell;

namespace SharedServices.Portal.Features.ServiceApi;

/// <summary>
/// What the pages over a service's API share: the language, and how a problem from the API becomes the
/// page's answer: its message on the page with the API's status (never a 500), field errors beside
/// their fields, and a fresh sign-in when the access token has expired (401).
/// </summary>
public abstract class ServiceApiPageModel : PageModel
{
    /// <summary>A problem to show instead of (or above) the page's content.</summary>
    public ApiProblem? Problem { get; protected set; }

    /// <summary>Field errors by field key (the API's validation errors, in the page's language).</summary>
    public Dictionary<string, string[]> Errors { get; } = [];

    public string Language => PortalView.LanguageOf(HttpContext);

    protected IActionResult Failed(ApiProblem problem)
    {
        if (problem.Status == StatusCodes.Status401Unauthorized)
        {
            // The session outlived its access token: through the identity service and back here.
            return Challenge(new AuthenticationProperties { RedirectUri = $"{Request.PathBase}{Request.Path}" });
        }
        Problem = problem;
        Response.StatusCode = problem.IsUnavailable ? StatusCodes.Status503ServiceUnavailable : problem.Status;
        return Page();
    }

    /// <summary>A 400 with field errors: shown beside the fields (the page's own status stays 200 for the form).</summary>
    protected void ShowFieldErrors(ApiProblem problem)
    {
        foreach (var (field, messages) in problem.Errors)
        {
            Errors[field] = [.. messages.Select(m => Bilingual.Pick(m, Language))];
        }
        if (problem.Errors.Count == 0)
        {
            Problem = problem;
        }
    }

    /// <summary>A file from the service, passed through as a download no browser renders in place; the problem page otherwise.</summary>
    protected IActionResult Download(ApiResult<FileDownload> file)
    {
        if (file.Problem is { } problem)
        {
            return Failed(problem);
        }
        var download = file.Value!;
        Response.Headers.XContentTypeOptions = "nosniff";
        Response.Headers.CacheControl = "no-store";
        Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        if (download.Length is { } length)
        {
            Response.ContentLength = length;
        }
        return File(download.Content, download.ContentType, download.FileName);
    }

    /// <summary>A time in Japan: 2025年4月1日 10:05 (English: 2025-04-01 10:05).</summary>
    public string When(DateTimeOffset? at) => at is { } time
        ? time.ToOffset(TimeSpan.FromHours(9)).ToString(Language == "en" ? "yyyy-MM-dd HH:mm" : "yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture)
        : "";
}
