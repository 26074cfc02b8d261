using System.Security.Claims;
using OpenIddict.Validation.AspNetCore;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Portal.Features.SignedInPerson;

/// <summary>
/// <c>GET /api/me</c>: the signed-in person as this town's portal sees them, for a bearer token of
/// the portal's audience (an app of the town). No token, or an expired or forged one: 401; a token
/// of another town: 403 (the tenant claim check, before this endpoint runs).
/// </summary>
public static class GetSignedInPerson
{
    public sealed record Person(string Name, string Role, string TownCode, string TownName, string? AssuranceLevel);

    public static IEndpointRouteBuilder MapSignedInPersonApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/me", (HttpContext http) =>
            {
                var user = http.User;
                var town = http.Tenant();
                return TypedResults.Ok(new Person(
                    user.FindFirstValue("name") ?? "",
                    user.FindFirstValue("role") ?? "",
                    town.Id,
                    town.NameJa,
                    user.FindFirstValue("ial")));
            })
            .RequireTenant()
            .RequireAuthorization(policy => policy
                .AddAuthenticationSchemes(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme)
                .RequireAuthenticatedUser())
            .WithTags("Signed-in person");
        return app;
    }
}
