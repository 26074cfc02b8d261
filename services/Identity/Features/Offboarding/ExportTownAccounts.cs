using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using SharedServices.Identity.Accounts;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Validation.AspNetCore;
using SharedServices.Identity.Data;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Identity.Features.Offboarding;

/// <summary>
/// <c>GET /operator/towns/{code}/export</c>: the town's accounts as NDJSON (<c>{"table": …, "row": …}</c>,
/// as every service exports a town), for the prefecture's operators only (a bearer token for the
/// <c>identity</c> audience). Who the accounts are — login, kind, name, assurance — never a password hash,
/// a TOTP secret or a token.
/// </summary>
public static class ExportTownAccounts
{
    public static IEndpointRouteBuilder MapTownAccountsExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/operator/towns/{code}/export", async (string code, HttpContext http, IdentityDatabase database, ITenantStore towns, IConfiguration configuration, CancellationToken ct) =>
        {
            var result = await http.AuthenticateAsync(OpenIddictValidationAspNetCoreDefaults.AuthenticationScheme);
            if (result.Principal is not { } user)
            {
                return Problems.Result(StatusCodes.Status401Unauthorized, "Sign-in required", "Send a prefecture operator's access token.");
            }
            if (!user.IsInRole(PlatformRoles.Operator) || user.FindFirstValue(TenantClaim.Type) != Prefecture.From(configuration).Code)
            {
                return Problems.Result(StatusCodes.Status403Forbidden, "Operators only", "Only the prefecture's operators export a town's data.");
            }
            if (towns.FindById(code) is null)
            {
                return Problems.NotFound($"No town {code} is known to the identity service.");
            }
            var accounts = await database.Accounts.AsNoTracking().Where(a => a.TenantCode == code).OrderBy(a => a.LoginName)
                .Select(a => new { a.Id, a.LoginName, Kind = a.Kind.Role(), a.DisplayName, a.TenantCode, AssuranceMethod = a.Assurance.Method, a.LockedOutUntil })
                .ToListAsync(ct);
            var invitations = await database.FirstAdminInvitations.AsNoTracking().Where(i => i.TenantCode == code)
                .Select(i => new { i.Id, i.TenantCode, i.Email, i.DisplayName }).ToListAsync(ct);
            var lines = new StringBuilder();
            foreach (var account in accounts)
            {
                lines.Append(JsonSerializer.Serialize(new { table = "accounts", row = account })).Append('\n');
            }
            foreach (var invitation in invitations)
            {
                lines.Append(JsonSerializer.Serialize(new { table = "first_admin_invitations", row = invitation })).Append('\n');
            }
            return Results.File(Encoding.UTF8.GetBytes(lines.ToString()), "application/x-ndjson", $"{code}-identity.ndjson");
        }).WithTags("Town data");
        return app;
    }
}
