using System.Collections.Immutable;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using OpenIddict.Abstractions;
using SharedServices.Identity.Accounts;
using SharedServices.Tenancy;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SharedServices.Identity.Server;

/// <summary>The claims every token about an account carries, read fresh from the account each time.</summary>
public static class AccountClaims
{
    /// <summary>Exactly what the platform's tenant resolution reads (<see cref="TenantClaim"/>).</summary>
    public const string Tenant = TenantClaim.Type;

    /// <summary>A resident's 身元確認保証レベル: "1" (self-asserted) to "3" (verified with the マイナンバーカード).</summary>
    public const string AssuranceLevel = "ial";

    /// <param name="methods">How the session signed in (<c>amr</c>, <see cref="BrowserSession"/>), carried from the code to every token.</param>
    public static ClaimsIdentity For(Account account, ImmutableArray<string> scopes, IEnumerable<string> resources, IReadOnlyCollection<string> methods)
    {
        var identity = new ClaimsIdentity(
            authenticationType: "SharedServices.Identity", nameType: Claims.Name, roleType: Claims.Role);
        identity.SetClaim(Claims.Subject, account.Id.ToString())
            .SetClaim(Claims.Name, account.DisplayName)
            .SetClaim(Claims.Role, account.Kind.Role())
            .SetClaim(Tenant, account.TenantCode);  // none for talent
        // Always a JSON array, as OpenID Connect defines amr, even with a single "pwd".
        identity.AddClaim(new Claim(Claims.AuthenticationMethodReference, JsonSerializer.Serialize(methods), JsonClaimValueTypes.JsonArray));
        if (account.Kind == AccountKind.Resident)
        {
            // Town services decide by it what a resident may do online (e.g. 申請 that need IAL3).
            identity.SetClaim(AssuranceLevel, account.Assurance.Claim)
                .SetClaim(Claims.AuthenticationContextReference, account.Assurance.ContextClass)
                // The login name is the resident's mail address: town services mail them about their
                // applications (e.g. 受付完了メール) without asking for it again.
                .SetClaim(Claims.Email, account.LoginName);
        }
        if (account.Kind == AccountKind.Merchant)
        {
            // The points service finds the merchant (加盟店) registered under this sign-in address.
            identity.SetClaim(Claims.Email, account.LoginName);
        }
        identity.SetScopes(scopes);
        identity.SetResources(resources);
        // Resource servers (access token) and the portal (id token) both need who, what kind and which
        // town; nothing here is secret from the user's own client. The mail address only goes where it
        // is used: to the services, not into the portal's id token (and so its cookie).
        identity.SetDestinations(claim => claim.Type == Claims.Email
            ? [Destinations.AccessToken]
            : [Destinations.AccessToken, Destinations.IdentityToken]);
        return identity;
    }
}
