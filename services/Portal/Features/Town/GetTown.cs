using SharedServices.Tenancy;

namespace SharedServices.Portal.Features.Town;

/// <summary><c>GET /api/town</c>: the town this address serves, as the portal knows it.</summary>
public static class GetTown
{
    public static IEndpointRouteBuilder MapTownApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/town", (HttpContext http) => TypedResults.Ok(http.Tenant())).RequireTenant().WithTags("Town");
        return app;
    }
}
