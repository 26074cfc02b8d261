using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Identity.Server;

namespace SharedServices.Identity.Features.Account;

/// <summary>
/// /Account/Totp: the second step for an account with an authenticator app. The password was right
/// (a <see cref="PendingSignIn"/> says so); the 6-digit code signs the browser in, with <c>amr</c>
/// pwd, otp and mfa, and returns to where it came from.
/// </summary>
public sealed class TotpModel(IdentityDatabase database, TotpSignIn totp) : PageModel
{
    public const string MalformedCodeMessage =
        "認証アプリに表示されている6桁の数字を入力してください。(Enter the 6-digit code your authenticator app shows.)";

    public const string WrongCodeMessage =
        "確認コードが正しくありません。(The code is not correct.)";

    public const string ReplayedCodeMessage =
        "この確認コードは既に使われています。次のコードが表示されてから入力してください。" +
        "(This code has already been used. Wait for the next code and enter that one.)";

    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken) =>
        await PendingAsync(cancellationToken) switch
        {
            null => RedirectToPage("Login"),
            ({ HasTotp: false }, _) => RedirectToPage("EnrollTotp"),
            _ => Page(),
        };

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await PendingAsync(cancellationToken) is not ({ HasTotp: true } account, var pending))
        {
            return await OnGetAsync(cancellationToken);
        }
        if (TotpSecrets.ReadCode(Code) is not { } code)
        {
            return Refuse(MalformedCodeMessage);
        }

        switch (await totp.CheckAsync(account, code, cancellationToken))
        {
            case SignInOutcome.SignedIn:
                await PendingSignIn.EndAsync(HttpContext);
                await BrowserSession.SignInAsync(HttpContext, account, BrowserSession.ByPasswordAndTotp);
                return Url.IsLocalUrl(pending.ReturnUrl) ? LocalRedirect(pending.ReturnUrl) : RedirectToPage("Login");
            case SignInOutcome.LockedOut:
                // The password must be given again once the lockout is over.
                await PendingSignIn.EndAsync(HttpContext);
                return Refuse(LoginModel.LockedOutMessage);
            case SignInOutcome.ReplayedCode:
                return Refuse(ReplayedCodeMessage);
            default:
                return Refuse(WrongCodeMessage);
        }
    }

    private PageResult Refuse(string error)
    {
        Error = error;
        Code = null;
        return Page();
    }

    /// <summary>This browser's half-done sign-in and its account, or null.</summary>
    private async Task<(Accounts.Account Account, PendingSignIn Pending)?> PendingAsync(CancellationToken cancellationToken)
    {
        var pending = await PendingSignIn.ReadAsync(HttpContext);
        var account = pending is null ? null : await database.Accounts.FindAsync([pending.AccountId], cancellationToken);
        return account is null ? null : (account, pending!);
    }
}
