using System.Globalization;
using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Gateway;

/// <summary>One token bucket: <see cref="Burst"/> requests at once, refilled by <see cref="Permits"/> every <see cref="PeriodSeconds"/>.</summary>
public sealed record RateLimit(int Burst, int Permits, double PeriodSeconds)
{
    public TokenBucketRateLimiterOptions Options() => new()
    {
        TokenLimit = Burst,
        TokensPerPeriod = Permits,
        ReplenishmentPeriod = TimeSpan.FromSeconds(PeriodSeconds),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}

/// <summary>
/// Rate limits at the edge, two at once: per town (so one busy town cannot starve the others of the
/// shared services) and per client address (so one client cannot use up its town's share). The town
/// is found as the services find it (<c>{slug}.{base host}</c> or <c>/t/{slug}/</c>); requests for no
/// town (the prefecture's pages, identity) share the partition <c>prefecture</c>. The client is the
/// connection's address, or the one a trusted proxy forwarded (<c>TrustedProxies</c>):
/// an <c>X-Forwarded-For</c> from anyone else is not believed. A refused request gets 429 with
/// <c>Retry-After</c> and problem details.
/// </summary>
public static class EdgeRateLimits
{
    public const string NoTown = "prefecture";

    public static IServiceCollection AddEdgeRateLimits(this IServiceCollection services, IConfiguration configuration)
    {
        var perTown = configuration.GetSection("Gateway:RateLimits:PerTown").Get<RateLimit>() ?? new RateLimit(400, 200, 1);
        var perClient = configuration.GetSection("Gateway:RateLimits:PerClient").Get<RateLimit>() ?? new RateLimit(100, 50, 1);
        services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    RateLimitPartition.GetTokenBucketLimiter("town:" + TownOf(context), _ => perTown.Options())),
                PartitionedRateLimiter.Create<HttpContext, string>(context =>
                    RateLimitPartition.GetTokenBucketLimiter("client:" + ClientOf(context), _ => perClient.Options())));
            options.OnRejected = async (rejected, _) =>
            {
                var context = rejected.HttpContext;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait)
                    ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : 1;
                context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
                await Problems.Write(context, StatusCodes.Status429TooManyRequests, "Too many requests",
                    $"Too many requests for this town or from this address; try again in {retryAfter} s.");
            };
        });
        return services;
    }

    /// <summary>The town's slug as the request names it, or <see cref="NoTown"/>.</summary>
    public static string TownOf(HttpContext context)
    {
        foreach (var strategy in context.RequestServices.GetServices<ITenantResolutionStrategy>())
        {
            if (strategy.Identify(context) is { } town)
            {
                return town.Value;
            }
        }
        return NoTown;
    }

    private static string ClientOf(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address
            ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString()
            : IPAddress.None.ToString();
}
