using System.Security.Claims;
using SharedServices.Contracts.Tenancy;
using SharedServices.EApplication.Forms;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.EApplication.Access;

/// <summary>Who is calling, from the identity service's token: account, name, role, assurance level and mail address.</summary>
/// <param name="Email">A resident's mail address (their login name), where mails about their applications go; null if the token has none.</param>
public sealed record Caller(string Id, string Name, string Role, AssuranceLevel Assurance, string? Email = null)
{
    public bool IsResident => Role == PlatformRoles.Resident;

    public bool IsStaff => Role is PlatformRoles.TownAdmin or PlatformRoles.TownStaff;

    public bool IsTownAdmin => Role == PlatformRoles.TownAdmin;

    public static Caller Of(HttpContext http)
    {
        var user = http.User;
        var level = int.TryParse(user.FindFirstValue("ial"), out var ial) && Enum.IsDefined((AssuranceLevel)ial)
            ? (AssuranceLevel)ial
            : AssuranceLevel.Ial1;
        return new(user.FindFirstValue("sub") ?? "", user.FindFirstValue("name") ?? "", user.FindFirstValue("role") ?? "", level,
            user.FindFirstValue("email") is { } email && MimeKit.MailboxAddress.TryParse(email, out var address) && address.Address.Contains('@')
                ? address.Address
                : null);
    }
}

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
