using SharedServices.Contracts.Tenancy;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Talent.Access;

/// <summary>
/// Who may call what. Town endpoints need a town in the address (the token's town must be the same:
/// checked before any endpoint) that has talent sharing enabled; the prefecture's operators and the
/// talent themselves (who belong to no town) call endpoints without a town.
/// </summary>
public static class AccessRules
{
    public const string Staff = "Staff";
    public const string TownAdmins = "TownAdmins";
    public const string Operators = "Operators";
    public const string Talent = "Talent";
    public const string TalentRole = "talent";

    public static IServiceCollection AddAccessRules(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(Staff, p => p.RequireRole(PlatformRoles.TownAdmin, PlatformRoles.TownStaff))
            .AddPolicy(TownAdmins, p => p.RequireRole(PlatformRoles.TownAdmin))
            .AddPolicy(Operators, p => p.RequireRole(PlatformRoles.Operator))
            .AddPolicy(Talent, p => p.RequireRole(TalentRole))
            .Services;

    /// <summary>A town's endpoints: a town addressed, with talent sharing enabled (404 otherwise).</summary>
    public static RouteGroupBuilder TownEndpoints(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix).RequireTenant().AddEndpointFilter(async (context, next) =>
            context.HttpContext.Tenant().EnabledServices.Contains(PlatformServices.Talent)
                ? await next(context)
                : Problems.Result(StatusCodes.Status404NotFound, "Service not enabled",
                    $"{context.HttpContext.Tenant().NameJa} does not take part in talent sharing (デジタル人材シェアリング)."));
}
