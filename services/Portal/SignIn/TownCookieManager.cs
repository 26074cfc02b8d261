using Microsoft.AspNetCore.Authentication.Cookies;
using SharedServices.Tenancy;

namespace SharedServices.Portal.SignIn;

/// <summary>
/// Names the session cookie after the town addressed (<c>ss_portal.063614</c>; the prefecture console's
/// is plain <c>ss_portal</c>). Towns served under one host by path (<c>/t/{slug}/</c>) would otherwise
/// share one cookie name, and the prefecture's cookie (path <c>/</c>) would reach every town's pages.
/// </summary>
public sealed class TownCookieManager : ICookieManager
{
    private readonly ChunkingCookieManager _cookies = new();

    public string? GetRequestCookie(HttpContext context, string key) => _cookies.GetRequestCookie(context, Named(context, key));

    public void AppendResponseCookie(HttpContext context, string key, string? value, CookieOptions options) =>
        _cookies.AppendResponseCookie(context, Named(context, key), value, options);

    public void DeleteCookie(HttpContext context, string key, CookieOptions options) =>
        _cookies.DeleteCookie(context, Named(context, key), options);

    private static string Named(HttpContext context, string key) =>
        context.Features.Get<ResolvedTenant>() is { } town ? $"{key}.{town.Tenant.Id}" : key;
}
