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
    /// <summary>Exactly what the platform's tenant resolution reads (<see cref="ClaimStrategy"/>).</summary>
    public const string Tenant = ClaimStrategy.ClaimType;

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
        identity.SetScopes(scopes);
        identity.SetResources(resources);
        // Resource servers (access token) and the portal (id token) both need who, what kind and which
        // town; nothing here is secret from the user's own client.
        identity.SetDestinations(_ => [Destinations.AccessToken, Destinations.IdentityToken]);
        return identity;
    }
}
