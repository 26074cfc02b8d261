using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace SharedServices.Tenancy;

/// <summary>How a request names its town: by slug (host, path) or by code.</summary>
public sealed record TenantIdentifier(string Value, bool IsCode, string Strategy, PathString? MatchedPathPrefix = null);

/// <summary>One way of finding the tenant in a request (Finbuckle's IMultiTenantStrategy).</summary>
public interface ITenantResolutionStrategy
{
    TenantIdentifier? Identify(HttpContext context);
}

/// <summary><c>{slug}.{base host}</c>, e.g. <c>kaneyama.localhost</c> or <c>kaneyama.towns.example.jp</c>.</summary>
public sealed class HostStrategy(IReadOnlyList<string> baseHosts) : ITenantResolutionStrategy
{
    public TenantIdentifier? Identify(HttpContext context)
    {
        var host = context.Request.Host.Host;
        foreach (var baseHost in baseHosts)
        {
            if (host.Length > baseHost.Length + 1
                && host.EndsWith("." + baseHost, StringComparison.OrdinalIgnoreCase))
            {
                var slug = host[..^(baseHost.Length + 1)];
                return slug.Contains('.', StringComparison.Ordinal) ? null : new(slug.ToLowerInvariant(), false, "host");
            }
        }
        return null;
    }
}

/// <summary><c>/t/{slug}/…</c>: every town is reachable under one host too.</summary>
public sealed class PathStrategy : ITenantResolutionStrategy
{
    public const string Prefix = "/t";

    public TenantIdentifier? Identify(HttpContext context)
    {
        if (!context.Request.Path.StartsWithSegments(Prefix, StringComparison.OrdinalIgnoreCase, out var rest)
            || !rest.HasValue)
        {
            return null;
        }
        var value = rest.Value!;
        var end = value.IndexOf('/', 1);
        var slug = end < 0 ? value[1..] : value[1..end];
        return slug.Length == 0 ? null : new(slug.ToLowerInvariant(), false, "path", Prefix + "/" + slug);
    }
}

/// <summary>The claim naming a signed-in user's or service client's town (its code), checked by <see cref="TenantClaimMiddleware"/>.</summary>
public static class TenantClaim
{
    public const string Type = "tenant";
}
