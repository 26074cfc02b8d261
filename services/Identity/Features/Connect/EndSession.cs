using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using OpenIddict.Server.AspNetCore;
using SharedServices.Identity.Server;

namespace SharedServices.Identity.Features.Connect;

/// <summary>
/// GET/POST /connect/endsession: ends the session at the identity service and returns to the
/// client's registered post-logout address (OpenIddict checks it), or to the sign-in page.
/// No confirmation page: all clients are first-party, and a forced sign-out costs only a sign-in.
/// </summary>
public static class EndSession
{
    public static async Task<IResult> Handle(HttpContext http)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        await PendingSignIn.EndAsync(http);
        return Results.SignOut(
            new AuthenticationProperties { RedirectUri = "/Account/Login" },
            [OpenIddictServerAspNetCoreDefaults.AuthenticationScheme]);
    }
}
