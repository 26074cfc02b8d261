using SharedServices.Tenancy;

namespace SharedServices.Portal.Features.Town;

/// <summary>
/// <c>GET /branding/logo</c>: the town's uploaded logo, passed through from the onboarding service (which
/// keeps it, checked as PNG or JPEG) so the browser only ever talks to the portal. Versioned by
/// <c>?v=</c> in the town's branding, so it may be cached.
/// </summary>
public static class TownLogo
{
    public static IEndpointRouteBuilder MapTownLogo(this IEndpointRouteBuilder app)
    {
        app.MapGet("/branding/logo", async (HttpContext http, IHttpClientFactory clients, IConfiguration configuration, CancellationToken ct) =>
        {
            var town = http.Tenant();
            var address = configuration["Services:Onboarding"] ?? throw new InvalidOperationException("Services:Onboarding is not set.");
            using var client = clients.CreateClient(nameof(TownLogo));
            using var response = await client.GetAsync(new Uri(new Uri(address.EndsWith('/') ? address : address + "/"), $"logos/{Uri.EscapeDataString(town.Id)}"), ct);
            if (!response.IsSuccessStatusCode)
            {
                return Results.NotFound();
            }
            var type = response.Content.Headers.ContentType?.MediaType;
            if (type is not ("image/png" or "image/jpeg"))
            {
                return Results.NotFound();
            }
            http.Response.Headers.CacheControl = "public, max-age=86400";
            http.Response.Headers.XContentTypeOptions = "nosniff";
            return Results.Bytes(await response.Content.ReadAsByteArrayAsync(ct), type);
        }).RequireTenant().WithTags("Town");
        return app;
    }
}
