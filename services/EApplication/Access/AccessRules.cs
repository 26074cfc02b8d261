using System.Security.Claims;
using SharedServices.Contracts.Tenancy;
using SharedServices.EApplication.Forms;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.EApplication.Access;

/// <summary>
/// Who may call what. Every town endpoint needs a town in the address (the token's town must be the
/// same: checked before any endpoint) that has e-application enabled; then residents, staff or the
/// prefecture's operators, each only their part.
/// </summary>
public static class AccessRules
{
    public const string Residents = "Residents";
    public const string Staff = "Staff";
    public const string TownAdmins = "TownAdmins";
    public const string Operators = "Operators";

    public static IServiceCollection AddAccessRules(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(Residents, p => p.RequireRole(PlatformRoles.Resident))
            .AddPolicy(Staff, p => p.RequireRole(PlatformRoles.TownAdmin, PlatformRoles.TownStaff))
            .AddPolicy(TownAdmins, p => p.RequireRole(PlatformRoles.TownAdmin))
            .AddPolicy(Operators, p => p.RequireRole(PlatformRoles.Operator))
            .Services;

    /// <summary>A town's endpoints: a town addressed, with e-application enabled (404 otherwise).</summary>
    public static RouteGroupBuilder TownEndpoints(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix).RequireTenant().AddEndpointFilter(async (context, next) =>
            context.HttpContext.Tenant().EnabledServices.Contains(PlatformServices.EApplication)
                ? await next(context)
                : Problems.Result(StatusCodes.Status404NotFound, "Service not enabled",
                    $"{context.HttpContext.Tenant().NameJa} does not offer online applications (電子申請)."));
}
