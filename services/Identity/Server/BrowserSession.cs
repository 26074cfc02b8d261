using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using SharedServices.Identity.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SharedServices.Identity.Server;

/// <summary>
/// The browser's session at the identity service (the <c>ss_identity</c> cookie): which account, and
/// how it signed in, as <c>amr</c> values (RFC 8176). Tokens issued from the session carry the same
/// <c>amr</c>, so a resource server can tell a password from a password and a TOTP code.
/// </summary>
public static class BrowserSession
{
    public const string Password = "pwd";
    public const string OneTimePassword = "otp";
    public const string MultipleFactors = "mfa";

    public static readonly IReadOnlyList<string> ByPassword = [Password];
    public static readonly IReadOnlyList<string> ByPasswordAndTotp = [Password, OneTimePassword, MultipleFactors];

    public static Task SignInAsync(HttpContext http, Account account, IReadOnlyList<string> methods)
    {
        var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, account.Id.ToString()));
        identity.AddClaim(new Claim(Claims.Name, account.DisplayName));
        identity.AddClaims(methods.Select(method => new Claim(Claims.AuthenticationMethodReference, method)));
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
    }

    /// <summary>How the session's account signed in; none for a session from before <c>amr</c> was recorded.</summary>
    public static IReadOnlyList<string> MethodsOf(ClaimsPrincipal session) =>
        [.. session.FindAll(Claims.AuthenticationMethodReference).Select(claim => claim.Value)];

    /// <summary>Whether <paramref name="session"/> is enough for <paramref name="account"/>: a second factor if it needs one.</summary>
    public static bool Satisfies(ClaimsPrincipal session, Account account) =>
        !account.NeedsSecondFactor || MethodsOf(session).Contains(MultipleFactors);
}
