using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using SharedServices.Identity.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SharedServices.Identity.Server;

/// <summary>
/// A sign-in half done: the password was right, but the account <see cref="Account.NeedsSecondFactor"/>.
/// Kept in a cookie of its own (never the session cookie) for five minutes, holding only the account
/// id, where to return, and the TOTP secret being enrolled (the cookie is encrypted with Data Protection).
/// </summary>
public sealed record PendingSignIn(Guid AccountId, string? ReturnUrl, string? EnrolmentSecret, DateTimeOffset? ExpiresUtc)
{
    public const string Scheme = "PendingSignIn";
    public const string TotpPage = "/Account/Totp";
    public const string EnrolPage = "/Account/EnrollTotp";
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private const string ReturnUrlClaim = "return_url";
    private const string EnrolmentSecretClaim = "totp_enrolment_secret";

    public static AuthenticationBuilder AddPendingSignInCookie(AuthenticationBuilder authentication) =>
        authentication.AddCookie(Scheme, options =>
        {
            options.Cookie.Name = "ss_identity_pending";
            options.Cookie.Path = "/Account";
            options.Cookie.SameSite = SameSiteMode.Lax;
            options.ExpireTimeSpan = Lifetime;
            options.SlidingExpiration = false;
            options.LoginPath = "/Account/Login";
        });

    /// <summary>Starts the second step for <paramref name="account"/>; returns the page that asks for it.</summary>
    public static async Task<string> StartAsync(HttpContext http, Account account, string? returnUrl)
    {
        await new PendingSignIn(account.Id, returnUrl, EnrolmentSecret: null, ExpiresUtc: null).SaveAsync(http);
        return account.HasTotp ? TotpPage : EnrolPage;
    }

    /// <summary>The pending sign-in of this browser, or null (none, or expired).</summary>
    public static async Task<PendingSignIn?> ReadAsync(HttpContext http)
    {
        var result = await http.AuthenticateAsync(Scheme);
        if (!result.Succeeded || !Guid.TryParse(result.Principal.FindFirstValue(Claims.Subject), out var accountId))
        {
            return null;
        }
        return new(accountId, result.Principal.FindFirstValue(ReturnUrlClaim),
            result.Principal.FindFirstValue(EnrolmentSecretClaim), result.Properties.ExpiresUtc);
    }

    /// <summary>Keeps the secret being enrolled, so that reloading the page shows the same one; the deadline stays.</summary>
    public Task KeepEnrolmentSecretAsync(HttpContext http, string secret) => (this with { EnrolmentSecret = secret }).SaveAsync(http);

    public static Task EndAsync(HttpContext http) => http.SignOutAsync(Scheme);

    private Task SaveAsync(HttpContext http)
    {
        var identity = new ClaimsIdentity(Scheme, Claims.Name, Claims.Role);
        identity.AddClaim(new Claim(Claims.Subject, AccountId.ToString()));
        if (ReturnUrl is not null)
        {
            identity.AddClaim(new Claim(ReturnUrlClaim, ReturnUrl));
        }
        if (EnrolmentSecret is not null)
        {
            identity.AddClaim(new Claim(EnrolmentSecretClaim, EnrolmentSecret));
        }
        // Unset the first time (the cookie handler then gives it the full five minutes), kept after.
        return http.SignInAsync(Scheme, new ClaimsPrincipal(identity), new AuthenticationProperties { ExpiresUtc = ExpiresUtc });
    }
}
