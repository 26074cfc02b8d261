using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SharedServices.Identity.Accounts;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SharedServices.Identity.Features.Account;

/// <summary>
/// /Account/Login: login name and password. Signs the browser in at the identity service with a
/// cookie and returns to where it came from (the authorization endpoint). A wrong password and an
/// unknown name get the same message; each wrong password counts towards the lockout. When the
/// authorization request names a town, an account of another town is refused (<see cref="SignInTown"/>).
/// </summary>
public sealed class LoginModel(PasswordSignIn passwords, IdentityView view) : PageModel
{
    public const string WrongCredentialsMessage =
        "ログインIDまたはパスワードが正しくありません。(The login name or password is not correct.)";

    public const string LockedOutMessage =
        "サインインの失敗が続いたため、このアカウントは一時的にロックされています。15分ほどしてからもう一度お試しください。" +
        "(Too many failed sign-ins: this account is locked for a while. Please try again in about 15 minutes.)";

    [BindProperty]
    public string LoginName { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public string? Error { get; private set; }

    public bool SignedIn { get; private set; }

    public void OnGet() => SignedIn = User.Identity?.IsAuthenticated == true;

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(LoginName) || string.IsNullOrEmpty(Password))
        {
            Error = "ログインIDとパスワードを入力してください。(Enter your login name and password.)";
            return Page();
        }

        switch (await passwords.CheckAsync(LoginName, Password, cancellationToken))
        {
            case SignInOutcome.SignedIn(var account) when !account.MaySignInAt(view.RequestedTown):
                Error = SignInTown.OtherTownMessage;
                break;
            case SignInOutcome.SignedIn(var account):
                var identity = new ClaimsIdentity(CookieAuthenticationDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
                identity.AddClaim(new Claim(Claims.Subject, account.Id.ToString()));
                identity.AddClaim(new Claim(Claims.Name, account.DisplayName));
                await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
                // Only back into this service: an open redirect here would hand the session to anyone.
                if (Url.IsLocalUrl(ReturnUrl))
                {
                    return LocalRedirect(ReturnUrl);
                }
                return RedirectToPage();
            case SignInOutcome.LockedOut:
                Error = LockedOutMessage;
                break;
            default:
                Error = WrongCredentialsMessage;
                break;
        }
        Password = "";
        return Page();
    }
}
