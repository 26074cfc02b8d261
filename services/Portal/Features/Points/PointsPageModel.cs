using Microsoft.AspNetCore.Mvc.Filters;
using SharedServices.Tenancy;

namespace SharedServices.Portal.Features.Points;

/// <summary>
/// The local-point pages: the API client, and (for a town's pages) the town must run points, or the
/// page says so with a 404 before any call is made.
/// </summary>
public abstract class PointsPageModel(PointsClient api) : ServiceApiPageModel
{
    public const string Service = "points";

    protected PointsClient Api => api;

    /// <summary>Whether the page belongs to a town (residents, staff) rather than to the prefecture (merchants).</summary>
    protected virtual bool TownPage => true;

    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (TownPage && HttpContext.Features.Get<ResolvedTenant>()?.Tenant.EnabledServices.Contains(Service) != true)
        {
            context.Result = Failed(new ApiProblem(StatusCodes.Status404NotFound, "Service not enabled",
                "この市町村では地域ポイントを使えません。(This town does not run local points.)", new Dictionary<string, string[]>()));
        }
    }

    /// <summary>1,234 (points, with a thousands separator).</summary>
    public static string Figure(long points) => points.ToString("N0", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>2026年11月23日 (English: 2026-11-23), in Japan.</summary>
    public string Day(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(9)).ToString(Language == "en" ? "yyyy-MM-dd" : "yyyy年M月d日", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The page's words in the reader's language.</summary>
    protected string Text(string key) => Shell.PortalTexts.Get(key, Language);

    /// <summary>A new key for a payment or refund form: a double submit of the same form pays (refunds) once.</summary>
    public static string NewKey() => Guid.NewGuid().ToString("N");
}

public static class PointsClientSetup
{
    /// <summary>The client of the points API at <c>Services:Points</c> (its base address).</summary>
    public static IHostApplicationBuilder AddPointsClient(this IHostApplicationBuilder builder) =>
        builder.AddServiceApiClient<PointsClient>("Services:Points");
}
