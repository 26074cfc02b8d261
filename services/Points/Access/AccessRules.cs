using SharedServices.Contracts.Tenancy;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Points.Access;

/// <summary>
/// Who may call what. Town endpoints need a town in the address (the token's town must be the same:
/// checked before any endpoint) that has points enabled; then residents or staff, each only their part.
/// The prefecture's operators and merchants (加盟店, registered prefecture-wide) call endpoints without a town.
/// </summary>
public static class AccessRules
{
    public const string Residents = "Residents";
    public const string Staff = "Staff";
    public const string TownAdmins = "TownAdmins";
    public const string Operators = "Operators";
    public const string Merchants = "Merchants";
    public const string MerchantRole = "merchant";

    public static IServiceCollection AddAccessRules(this IServiceCollection services) =>
        services.AddAuthorizationBuilder()
            .AddPolicy(Residents, p => p.RequireRole(PlatformRoles.Resident))
            .AddPolicy(Staff, p => p.RequireRole(PlatformRoles.TownAdmin, PlatformRoles.TownStaff))
            .AddPolicy(TownAdmins, p => p.RequireRole(PlatformRoles.TownAdmin))
            .AddPolicy(Operators, p => p.RequireRole(PlatformRoles.Operator))
            .AddPolicy(Merchants, p => p.RequireRole(MerchantRole).RequireClaim("email"))
            .Services;

    /// <summary>A town's endpoints: a town addressed, with points enabled (404 otherwise).</summary>
    public static RouteGroupBuilder TownEndpoints(this IEndpointRouteBuilder app, string prefix) =>
        app.MapGroup(prefix).RequireTenant().AddEndpointFilter(async (context, next) =>
            context.HttpContext.Tenant().EnabledServices.Contains(PlatformServices.Points)
                ? await next(context)
                : Problems.Result(StatusCodes.Status404NotFound, "Service not enabled",
                    $"{context.HttpContext.Tenant().NameJa} does not run local point campaigns (地域ポイント)."));
}
