using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using SharedServices.Identity.Data;
using SharedServices.Identity.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SharedServices.Identity.Features.Connect;

/// <summary>
/// POST /connect/token, after OpenIddict has checked the client, the grant, the PKCE verifier and
/// that no code or refresh token is used twice. Codes and refresh tokens get the account's claims
/// afresh (a kind or town changed since is reflected; a locked account gets nothing);
/// client credentials get a token about the client itself.
/// </summary>
public static class Token
{
    public static async Task<IResult> Handle(
        HttpContext http, IdentityDatabase database, IOpenIddictApplicationManager applications,
        IOpenIddictScopeManager scopes, TimeProvider clock, CancellationToken cancellationToken)
    {
        var request = http.GetOpenIddictServerRequest()
            ?? throw new InvalidOperationException("OpenIddict passes only token requests through here.");

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var granted = (await http.AuthenticateAsync(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme)).Principal
                ?? throw new InvalidOperationException("OpenIddict has already validated the code or refresh token.");
            var account = await database.FindAccountAsync(granted, cancellationToken);
            if (account is null || account.IsLockedOut(clock.GetUtcNow()))
            {
                return ConnectApi.Refuse(Errors.InvalidGrant, "The account can no longer sign in.");
            }
            // How the user signed in is a fact of the session the code came from, kept through refreshes.
            var methods = granted.GetClaims(Claims.AuthenticationMethodReference);
            if (account.NeedsSecondFactor && !methods.Contains(BrowserSession.MultipleFactors))
            {
                // E.g. a resident's refresh token, after the account became town staff.
                return ConnectApi.Refuse(Errors.InvalidGrant, "The account now needs a second factor: sign in again.");
            }
            return ConnectApi.Issue(AccountClaims.For(account, granted.GetScopes(), granted.GetResources(), methods));
        }

        if (request.IsClientCredentialsGrantType())
        {
            var application = await applications.FindByClientIdAsync(request.ClientId!, cancellationToken)
                ?? throw new InvalidOperationException("OpenIddict has already authenticated the client.");
            var identity = new ClaimsIdentity("SharedServices.Identity", Claims.Name, Claims.Role);
            identity.SetClaim(Claims.Subject, request.ClientId)
                .SetClaim(Claims.Name, await applications.GetDisplayNameAsync(application, cancellationToken));
            identity.SetScopes(request.GetScopes());
            identity.SetResources(await scopes.ListResourcesAsync(identity.GetScopes(), cancellationToken).ToListAsync(cancellationToken));
            identity.SetDestinations(_ => [Destinations.AccessToken]);
            return ConnectApi.Issue(identity);
        }

        return ConnectApi.Refuse(Errors.UnsupportedGrantType, "This grant type is not supported.");
    }
}
