using System.Diagnostics;
using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using SharedServices.Web;

namespace SharedServices.Tenancy;

/// <summary>The tenant resolved for this request, for code that needs more than its id (branding, names).</summary>
public sealed record ResolvedTenant(TenantInfo Tenant, string Strategy);

/// <summary>
/// Resolves the town of each request with the strategies in order (host, path, token claim), and
/// runs the rest of the pipeline in that tenant's scope. Unknown or suspended town: 404. A token
/// issued for another town than the one addressed: 403. No tenant named: the request goes on
/// without one, and endpoints that need one refuse it (<see cref="TenantEndpointExtensions"/>).
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
        if (tenant is null && identifier.Strategy == "claim")
        {
            // A token naming no town of this registry (the prefecture's own operators) addresses no town.
            await next(context);
            return;
        }
        if (tenant is null || !tenant.IsActive)
        {
            await Problems.Write(context, StatusCodes.Status404NotFound,
                tenant is null ? "Unknown town" : "Town not available",
                tenant is null
                    ? $"No town is registered as '{identifier.Value}'."
                    : $"{tenant.NameJa} ({tenant.NameEn}) is {tenant.Status}; its services are not available.");
            return;
        }

        // A signed-in caller's town must be the town addressed.
        if (context.User.FindFirstValue(ClaimStrategy.ClaimType) is { Length: > 0 } claimed && claimed != tenant.Id)
        {
            await Problems.Write(context, StatusCodes.Status403Forbidden, "Wrong town",
                "Your sign-in belongs to another town than the one this address serves.");
            return;
        }

        if (identifier.MatchedPathPrefix is { } prefix)
        {
            context.Request.Path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase, out var rest);
            context.Request.PathBase = context.Request.PathBase.Add(prefix);
            context.Request.Path = rest;
        }

        context.Features.Set(new ResolvedTenant(tenant, identifier.Strategy));
        Activity.Current?.SetTag("tenant.id", tenant.Id);
        using var scope = CurrentTenant.Change(tenant.Id, logger);
        await next(context);
    }
}
