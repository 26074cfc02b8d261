using OpenIddict.Abstractions;
using SharedServices.Tenancy;

namespace SharedServices.Identity.Server;

/// <summary>
/// The portal serves each town at its own address (<c>http://{slug}.localhost:5100/</c>,
/// <c>http://localhost:5100/t/{slug}/</c>) and the prefecture at one more, and OpenIddict matches
/// redirect URIs exactly. So the portal client's redirect URIs (<c>{base}signin-oidc</c>) and
/// post-logout URIs (<c>{base}signout-callback-oidc</c>) are kept equal to the active towns of the
/// tenant registry: set at start-up and again whenever the registry changes (checked every second,
/// in memory). Bases: <c>Identity:PortalClient:BaseUrlTemplates</c> (with <c>{slug}</c>) and
/// <c>Identity:PortalClient:PrefectureBaseUrl</c>; without them nothing is changed.
/// </summary>
internal sealed class PortalClientRedirects(
    IServiceScopeFactory scopes, ITenantStore tenants, IConfiguration configuration, ILogger<PortalClientRedirects> logger)
    : BackgroundService
{
    public const string ClientId = "portal";

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>The portal's base addresses (each ending in '/'): the prefecture's, then each active town's.</summary>
    public static IReadOnlyList<string> BaseUrls(IEnumerable<TenantInfo> towns, IConfiguration configuration)
    {
        var templates = configuration.GetSection("Identity:PortalClient:BaseUrlTemplates").Get<string[]>() ?? [];
        var prefecture = configuration["Identity:PortalClient:PrefectureBaseUrl"];
        var townBases = towns.Where(t => t.IsActive).OrderBy(t => t.Slug, StringComparer.Ordinal)
            .SelectMany(t => templates.Select(template => template.Replace("{slug}", t.Slug, StringComparison.Ordinal)));
        return [.. new[] { prefecture }.OfType<string>().Concat(townBases).Where(b => b.Length > 0)
            .Select(b => b.EndsWith('/') ? b : b + "/").Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Sets the portal client's URIs for <paramref name="bases"/>; false when there is no portal client.</summary>
    public static async Task<bool> ApplyAsync(IOpenIddictApplicationManager applications, IReadOnlyList<string> bases, CancellationToken cancellationToken)
    {
        if (await applications.FindByClientIdAsync(ClientId, cancellationToken) is not { } portal)
        {
            return false;
        }
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, portal, cancellationToken);
        descriptor.RedirectUris.Clear();
        descriptor.PostLogoutRedirectUris.Clear();
        foreach (var url in bases)
        {
            descriptor.RedirectUris.Add(new Uri(url + "signin-oidc"));
            descriptor.PostLogoutRedirectUris.Add(new Uri(url + "signout-callback-oidc"));
        }
        await applications.UpdateAsync(portal, descriptor, cancellationToken);
        return true;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configuration["Identity:PortalClient:PrefectureBaseUrl"] is null
            && configuration.GetSection("Identity:PortalClient:BaseUrlTemplates").Get<string[]>() is null)
        {
            logger.LogInformation("Identity:PortalClient is not configured: the portal client's redirect URIs are left as they are");
            return;
        }
        IReadOnlyList<string> applied = [];
        var first = true;
        using var timer = new PeriodicTimer(Interval);
        do
        {
            var bases = BaseUrls(tenants.All, configuration);
            if (!first && bases.SequenceEqual(applied))
            {
                continue;
            }
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                if (await ApplyAsync(scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>(), bases, stoppingToken))
                {
                    logger.LogInformation("Portal client redirect URIs set for {Count} base addresses", bases.Count);
                }
                (applied, first) = (bases, false);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // A concurrent update (the seed) or the database away: tried again on the next tick.
                logger.LogWarning(ex, "Updating the portal client's redirect URIs failed; trying again");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
