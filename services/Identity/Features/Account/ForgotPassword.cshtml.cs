using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Identity.Mail;
using SharedServices.Mail;

namespace SharedServices.Identity.Features.Account;

/// <summary>
/// /Account/ForgotPassword: the login name (an e-mail address). If an account has it, a one-time
/// link to choose a new password is mailed (<see cref="PasswordReset"/>), replacing earlier ones.
/// The page answers the same whether or not the account exists, and the mail leaves after the
/// answer, so neither the words nor the time tell who has an account.
/// </summary>
public sealed class ForgotPasswordModel(
    IdentityDatabase database, AccountMails mails, MailSender sender, TimeProvider clock) : PageModel
{
    [BindProperty]
    public string? LoginName { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? ReturnUrl { get; set; }

    public bool Sent { get; private set; }

    public (string Ja, string En)? Error { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(LoginName) || LoginName.Length > 256)
        {
            Error = ("ログインID（メールアドレス）を入力してください。", "Enter your login name (e-mail address).");
            return Page();
        }

        var name = Accounts.Account.Normalise(LoginName);
        var account = await database.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.LoginName == name, cancellationToken);
        if (account is not null)
        {
            var (token, hash) = OneTimeToken.New();
            // A new link replaces the account's earlier ones.
            await database.PasswordResets.Where(r => r.AccountId == account.Id).ExecuteDeleteAsync(cancellationToken);
            database.PasswordResets.Add(PasswordReset.Issue(account.Id, hash, clock.GetUtcNow()));
            await database.SaveChangesAsync(cancellationToken);
            sender.SendLater(mails.PasswordReset(account, token, PasswordReset.ValidFor));
        }
        Sent = true;
        return Page();
    }
}
