using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Server.AspNetCore;
using SharedServices.Identity.Server;

namespace SharedServices.Identity.Features.Connect;

/// <summary>
/// The OpenID Connect endpoints whose requests OpenIddict has already validated and hands through
/// to us to decide who gets what. Discovery and JWKS are answered by OpenIddict alone.
/// </summary>
public static class ConnectApi
{
    public static IEndpointRouteBuilder MapConnectApi(this IEndpointRouteBuilder app)
    {
        // Protocol endpoints: not part of the service's OpenAPI document.
        var connect = app.MapGroup("").ExcludeFromDescription();
        connect.MapMethods(IdentityServerSetup.AuthorizationPath, [HttpMethods.Get, HttpMethods.Post], Authorize.Handle);
        connect.MapPost(IdentityServerSetup.TokenPath, Token.Handle);
        connect.MapMethods(IdentityServerSetup.EndSessionPath, [HttpMethods.Get, HttpMethods.Post], (Delegate)EndSession.Handle);
        connect.MapMethods(IdentityServerSetup.UserInfoPath, [HttpMethods.Get, HttpMethods.Post], UserInfo.Handle);
        return app;
    }

    /// <summary>Asks OpenIddict to issue the tokens the request asked for, about <paramref name="identity"/>.</summary>
    internal static IResult Issue(ClaimsIdentity identity) =>
        Results.SignIn(new ClaimsPrincipal(identity), authenticationScheme: OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);

    /// <summary>Asks OpenIddict to answer with a standard OAuth error (a 400 or a redirect to the client).</summary>
    internal static IResult Refuse(string error, string description) =>
        Results.Forbid(
            new AuthenticationProperties(new Dictionary<string, string?>
            {
                [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
                [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
            }),
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
}
