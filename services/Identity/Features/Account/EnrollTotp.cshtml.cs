using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Identity.Server;

namespace SharedServices.Identity.Features.Account;

/// <summary>
/// /Account/EnrollTotp: the first sign-in of an account that needs a second factor and has none yet.
/// Shows a new TOTP secret (as text, as an <c>otpauth://</c> URI and as a QR code) for an
/// authenticator app; a first right code from the app stores it (protected) and signs the browser in.
/// The secret stays in the pending sign-in's cookie until then, so reloading the page shows the same one.
/// </summary>
public sealed class EnrollTotpModel(IdentityDatabase database, TotpSignIn totp) : PageModel
{
    [BindProperty]
    public string? Code { get; set; }

    public string? Error { get; private set; }

    public string Secret { get; private set; } = "";

    public string EnrolmentUri { get; private set; } = "";

    /// <summary>The URI as an inline SVG QR code, for the app's camera.</summary>
    public string QrCodeSvg { get; private set; } = "";

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        switch (await PendingAsync(cancellationToken))
        {
            case null:
                return RedirectToPage("Login");
            case ({ HasTotp: true }, _):
                return RedirectToPage("Totp");
            case var (account, pending):
                await ShowSecret(account, pending);
                return Page();
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Without the secret shown (the cookie expired or never had one) there is nothing to confirm.
        if (await PendingAsync(cancellationToken) is not ({ HasTotp: false } account, { EnrolmentSecret: { } secret } pending))
        {
            return await OnGetAsync(cancellationToken);
        }
        if (TotpSecrets.ReadCode(Code) is not { } code)
        {
            return await Refuse(account, pending, TotpModel.MalformedCodeMessage);
        }

        switch (await totp.EnrolAsync(account, secret, code, cancellationToken))
        {
            case SignInOutcome.SignedIn:
                await PendingSignIn.EndAsync(HttpContext);
                await BrowserSession.SignInAsync(HttpContext, account, BrowserSession.ByPasswordAndTotp);
                return Url.IsLocalUrl(pending.ReturnUrl) ? LocalRedirect(pending.ReturnUrl) : RedirectToPage("Login");
            case SignInOutcome.LockedOut:
                await PendingSignIn.EndAsync(HttpContext);
                Error = LoginModel.LockedOutMessage;
                return Page();
            default:
                return await Refuse(account, pending, TotpModel.WrongCodeMessage);
        }
    }

    private async Task<PageResult> Refuse(Accounts.Account account, PendingSignIn pending, string error)
    {
        Error = error;
        Code = null;
        await ShowSecret(account, pending);
        return Page();
    }

    private async Task ShowSecret(Accounts.Account account, PendingSignIn pending)
    {
        Secret = pending.EnrolmentSecret ?? TotpSecrets.NewSecret();
        if (pending.EnrolmentSecret is null)
        {
            await pending.KeepEnrolmentSecretAsync(HttpContext, Secret);
        }
        EnrolmentUri = TotpSecrets.EnrolmentUri(Secret, account.LoginName);
        using var data = QRCodeGenerator.GenerateQrCode(EnrolmentUri, QRCodeGenerator.ECCLevel.M);
        using var svg = new SvgQRCode(data);
        QrCodeSvg = svg.GetGraphic(4, "#000000", "#ffffff", true, SvgQRCode.SizingMode.ViewBoxAttribute);
    }

    /// <summary>This browser's half-done sign-in and its account, or null.</summary>
    private async Task<(Accounts.Account Account, PendingSignIn Pending)?> PendingAsync(CancellationToken cancellationToken)
    {
        var pending = await PendingSignIn.ReadAsync(HttpContext);
        var account = pending is null ? null : await database.Accounts.FindAsync([pending.AccountId], cancellationToken);
        return account is null ? null : (account, pending!);
    }
}
