using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SharedServices.Web;

namespace SharedServices.Tenancy;

/// <summary>The tenant resolved for this request, for code that needs more than its id (branding, names).</summary>
public sealed record ResolvedTenant(TenantInfo Tenant, string Strategy);

/// <summary>
/// Resolves the town a request addresses with the strategies in order (host, then path) and runs the
/// rest of the pipeline in that tenant's scope. Unknown or suspended town: 404. No town addressed: the
/// request goes on without one (a token may still name one: <see cref="TenantClaimMiddleware"/>), and
/// endpoints that need one refuse it (<see cref="TenantEndpointExtensions"/>).
/// Runs before authentication, so that a sign-in callback under <c>/t/{slug}/</c> and a town's
/// cookie see the town's own path base.
/// </summary>
public sealed class TenantResolutionMiddleware(
    RequestDelegate next,
    IEnumerable<ITenantResolutionStrategy> strategies,
    ITenantStore store,
    ILogger<TenantResolutionMiddleware> logger)
{
    private readonly ITenantResolutionStrategy[] _strategies = [.. strategies];

    public async Task InvokeAsync(HttpContext context)
    {
        TenantIdentifier? identifier = null;
        foreach (var strategy in _strategies)
        {
            identifier = strategy.Identify(context);
            if (identifier is not null)
            {
                break;
            }
        }
        if (identifier is null)
        {
            await next(context);
            return;
        }

        var tenant = identifier.IsCode ? store.FindById(identifier.Value) : store.FindBySlug(identifier.Value);
        if (await TenantScope.RefuseUnavailable(context, tenant, identifier.Value))
        {
            return;
        }
        if (identifier.MatchedPathPrefix is { } prefix)
        {
            context.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase, out var rest);
            context.Request.PathBase = context.Request.PathBase.Add(prefix);
            context.Request.Path = rest;
        }
        using var scope = TenantScope.Enter(context, tenant!, identifier.Strategy, logger);
        await next(context);
    }
}

/// <summary>
/// After authentication: a signed-in caller's <c>tenant</c> claim must be the town addressed (403
/// otherwise); when the address names no town, the claim names it (a service token calling an API
/// at the platform's plain address). A claim naming no town of the registry (the prefecture's own
/// operators) addresses no town.
/// </summary>
public sealed class TenantClaimMiddleware(RequestDelegate next, ITenantStore store, ILogger<TenantClaimMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.User.FindFirstValue(TenantClaim.Type) is not { Length: > 0 } claimed)
        {
            await next(context);
            return;
        }
        if (context.Features.Get<ResolvedTenant>() is { } addressed)
        {
            if (addressed.Tenant.Id != claimed)
            {
                await Problems.Write(context, StatusCodes.Status403Forbidden, "Wrong town",
                    "Your sign-in belongs to another town than the one this address serves.");
                return;
            }
            await next(context);
            return;
        }

        var tenant = store.FindById(claimed);
        if (tenant is null)
        {
            await next(context);
            return;
        }
        if (await TenantScope.RefuseUnavailable(context, tenant, claimed))
        {
            return;
        }
        using var scope = TenantScope.Enter(context, tenant, "claim", logger);
        await next(context);
    }
}

/// <summary>
/// What a service shows a person who addresses a town that is registered but not active (suspended:
/// a maintenance page). Optional: a service without one answers the 404 problem. Return false to
/// leave the request to that problem (an API call).
/// </summary>
public interface ITenantUnavailablePage
{
    Task<bool> TryWriteAsync(HttpContext context, TenantInfo tenant);
}

internal static class TenantScope
{
    public static async Task<bool> RefuseUnavailable(HttpContext context, TenantInfo? tenant, string named)
    {
        if (tenant is { IsActive: true })
        {
            return false;
        }
        if (tenant is not null && context.RequestServices.GetService(typeof(ITenantUnavailablePage)) is ITenantUnavailablePage page
            && await page.TryWriteAsync(context, tenant))
        {
            return true;
        }
        await Problems.Write(context, StatusCodes.Status404NotFound,
            tenant is null ? "Unknown town" : "Town not available",
            tenant is null
                ? $"No town is registered as '{named}'."
                : $"{tenant.NameJa} ({tenant.NameEn}) is {tenant.Status}; its services are not available.");
        return true;
    }

    public static IDisposable Enter(HttpContext context, TenantInfo tenant, string strategy, ILogger logger)
    {
        context.Features.Set(new ResolvedTenant(tenant, strategy));
        Activity.Current?.SetTag("tenant.id", tenant.Id);
        Web.PlatformMetrics.TagTown(context, tenant.Id);
        return CurrentTenant.Change(tenant.Id, logger);
    }
}
