using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;
using SharedServices.Portal.Features.Onboarding;
using SharedServices.Portal.Features.Points;
using SharedServices.Portal.Features.ServiceApi;
using SharedServices.Portal.Features.Talent;

namespace SharedServices.Portal.Pages.Prefecture.Towns;

/// <summary>
/// /Prefecture/Towns/{code}/Lifecycle (市町村の利用停止・再開・廃止): suspend a town with a reason (its portal
/// shows a maintenance page, its data is kept), resume it, or offboard it (after a confirmation): then the
/// retention period, each service's confirmation of deletion once it is over, and the town's data from
/// each service to download meanwhile.
/// </summary>
public sealed class LifecycleModel(OnboardingClient onboarding, EApplicationClient eApplication, PointsClient points, TalentClient talent, IdentityClient identity)
    : ServiceApiPageModel
{
    /// <summary>The services whose data of a town can be exported, in the order shown.</summary>
    public static readonly IReadOnlyList<string> Exported = ["identity", "e-application", "points", "talent"];

    public TownRecord? Town { get; private set; }

    public TownRetention? Retention { get; private set; }

    public string? Done { get; private set; }

    public async Task<IActionResult> OnGetAsync(string code, string? done, CancellationToken ct)
    {
        Done = done;
        return await LoadAsync(code, ct);
    }

    public async Task<IActionResult> OnPostSuspendAsync(string code, string? reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            Errors["reason"] = [Shell.PortalTexts.Get("lifecycle.reasonRequired", Language)];
            var page = await LoadAsync(code, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        return await AfterAsync(code, await onboarding.SuspendAsync(code, reason.Trim(), ct), "suspended", ct);
    }

    public async Task<IActionResult> OnPostResumeAsync(string code, CancellationToken ct) =>
        await AfterAsync(code, await onboarding.ResumeAsync(code, ct), "resumed", ct);

    public async Task<IActionResult> OnPostOffboardAsync(string code, bool confirmed, CancellationToken ct)
    {
        if (!confirmed)
        {
            Errors["confirmed"] = [Shell.PortalTexts.Get("lifecycle.confirmRequired", Language)];
            var page = await LoadAsync(code, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        return await AfterAsync(code, await onboarding.OffboardAsync(code, ct), "offboarded", ct);
    }

    /// <summary>All a service holds of the town, passed through as a download.</summary>
    public async Task<IActionResult> OnGetExportAsync(string code, string service, CancellationToken ct)
    {
        ServiceApiClient? client = service switch
        {
            "e-application" => eApplication,
            "points" => points,
            "talent" => talent,
            "identity" => identity,
            _ => null,
        };
        return client is null ? NotFound() : Download(await client.TownDataExportAsync(code, ct));
    }

    private async Task<IActionResult> AfterAsync(string code, ApiResult<TownRecord> changed, string done, CancellationToken ct)
    {
        if (changed.Problem is { Status: StatusCodes.Status400BadRequest } invalid)
        {
            ShowFieldErrors(invalid);
            var page = await LoadAsync(code, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        if (changed.Problem is { } problem)
        {
            return Failed(problem);
        }
        return RedirectToPage(new { code, done });
    }

    private async Task<IActionResult> LoadAsync(string code, CancellationToken ct)
    {
        var town = await onboarding.TownAsync(code, ct);
        if (town.Problem is { } problem)
        {
            return Failed(problem);
        }
        Town = town.Value!;
        if (Town.Status == "offboarded" && (await onboarding.RetentionAsync(code, ct)).Value is { } retention)
        {
            Retention = retention;
        }
        return Page();
    }

    public string TownName => Town is null ? "" : Language == "en" && Town.NameEn.Length > 0 ? Town.NameEn : Town.NameJa;
}
