using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Identity.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SharedServices.Identity.Features.Connect;

/// <summary>GET/POST /connect/userinfo: the account behind the access token (validated by OpenIddict), read fresh.</summary>
public static class UserInfo
{
    public static async Task<IResult> Handle(HttpContext http, IdentityDatabase database, CancellationToken cancellationToken)
    {
        var principal = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal;
        var account = await database.FindAccountAsync(principal, cancellationToken);
        if (account is null)
        {
            // A client-credentials token, or an account deleted since.
            return Results.Challenge(
                new AuthenticationProperties(new Dictionary<string, string?>
                {
                    [OpenIddictServerAspNetCoreConstants.Properties.Error] = Errors.InvalidToken,
                    [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = "The access token does not belong to an account.",
                }),
                [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
        }

        var claims = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            [Claims.Subject] = account.Id.ToString(),
            [Claims.Role] = account.Kind.Role(),
        };
        if (principal!.HasScope(Scopes.Profile))
        {
            claims[Claims.Name] = account.DisplayName;
        }
        if (account.TenantCode is not null)
        {
            claims[AccountClaims.Tenant] = account.TenantCode;
        }
        return Results.Ok(claims);
    }
}
