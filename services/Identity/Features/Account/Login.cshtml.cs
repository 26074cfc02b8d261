using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Server;

namespace SharedServices.Identity.Features.Account;

/// <summary>
/// /Account/Login: login name and password. Signs the browser in at the identity service with a
/// cookie and returns to where it came from (the authorization endpoint). A wrong password and an
/// unknown name get the same message; each wrong password counts towards the lockout. When the
/// authorization request names a town, an account of another town is refused (<see cref="SignInTown"/>).
/// An account that needs a second factor is not signed in yet: it goes on to its TOTP code (or enrolment).
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

        // Only back into this service: an open redirect here would hand the session to anyone.
        var returnUrl = Url.IsLocalUrl(ReturnUrl) ? ReturnUrl : null;
        switch (await passwords.CheckAsync(LoginName, Password, cancellationToken))
        {
            case SignInOutcome.SignedIn(var account) when !account.MaySignInAt(view.RequestedTown):
                Error = SignInTown.OtherTownMessage;
                break;
            case SignInOutcome.SignedIn(var account) when account.NeedsSecondFactor:
                return LocalRedirect(await PendingSignIn.StartAsync(HttpContext, account, returnUrl));
            case SignInOutcome.SignedIn(var account):
                await BrowserSession.SignInAsync(HttpContext, account, BrowserSession.ByPassword);
                return returnUrl is null ? RedirectToPage() : LocalRedirect(returnUrl);
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
