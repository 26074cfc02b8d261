using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Onboarding;
using SharedServices.Portal.Features.ServiceApi;
using SharedServices.Tenancy;

namespace SharedServices.Portal.Pages.Prefecture.Audit;

/// <summary>
/// /Prefecture/Audit (操作ログ): what the prefecture's operators changed or tried to, newest first, searched by
/// words, service, town and dates, a page at a time. Bad search terms are said beside their fields.
/// </summary>
public sealed class IndexModel(OnboardingClient api, ITenantStore towns) : ServiceApiPageModel
{
    public static readonly IReadOnlyList<string> Services = ["onboarding", "e-application", "points", "talent"];

    public AuditSearch Search { get; private set; } = new(null, null, null, null, null);

    public AuditPage? Found { get; private set; }

    public IReadOnlyList<TenantInfo> Towns => [.. towns.All.OrderBy(t => t.Id, StringComparer.Ordinal)];

    public async Task<IActionResult> OnGetAsync(string? q, string? service, string? town, string? from, string? until, int? page, CancellationToken ct)
    {
        Search = new(q, service, town, from, until, page is > 0 ? page.Value : 1);
        var found = await api.AuditAsync(Search, ct);
        if (found.Problem is { Status: StatusCodes.Status400BadRequest } problem)
        {
            ShowFieldErrors(problem);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }
        if (found.Problem is { } failed)
        {
            return Failed(failed);
        }
        Found = found.Value;
        return Page();
    }

    public string TownName(string? code) =>
        code is null ? "—" : towns.FindById(code) is { } town ? (Language == "en" ? town.NameEn : town.NameJa) : code;

    /// <summary>A page of the same search.</summary>
    public string PageLink(int page) =>
        "?" + string.Join('&', new (string Name, string? Value)[]
            {
                ("q", Search.Q), ("service", Search.Service), ("town", Search.Town), ("from", Search.From), ("until", Search.Until),
                ("page", page.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            }
            .Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}"));

    /// <summary>The outcome in words: done (2xx), refused (4xx), failed (5xx).</summary>
    public string Outcome(int status) => Shell.PortalTexts.Get(status switch
    {
        < 300 => "audit.done",
        < 500 => "audit.refused",
        _ => "audit.failed",
    }, Language) + $" ({status})";
}
