using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;

namespace SharedServices.Identity.Features.Account;

/// <summary>
/// /Account/ResetPassword?token=…: the mailed link. A new password (twice) replaces the account's,
/// ends the lockout and the count of failed sign-ins, and ends every reset link of the account,
/// this one included. An unknown, used or expired link gets a page saying so, and nothing changes.
/// </summary>
public sealed class ResetPasswordModel(
    IdentityDatabase database, IPasswordHasher<Accounts.Account> hasher, IdentityView view, TimeProvider clock,
    ILogger<ResetPasswordModel> logger) : PageModel
{
    public static readonly (string Ja, string En) InvalidLink =
        ("このリンクは使えません。使用済みか、有効期限（1時間）が切れたか、新しいリンクに置き換えられました。もう一度、再設定を申し込んでください。",
         "This link cannot be used: it was used already, it expired (after one hour), or a newer link replaced it. Please ask for a new one.");

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public Accounts.Account? Account { get; private set; }

    public (string Ja, string En)? LinkProblem { get; private set; }

    public (string Ja, string En)? Error { get; private set; }

    public bool Changed { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await LoadAsync(cancellationToken) is not { } reset)
        {
            return Page();
        }
        Error = PasswordRules.Check(Password, ConfirmPassword);
        if (Error is null)
        {
            await ChangeAsync(reset, Password!, cancellationToken);
        }
        (Password, ConfirmPassword) = (null, null);
        return Page();
    }

    private async Task ChangeAsync(PasswordReset reset, string password, CancellationToken cancellationToken)
    {
        await using var transaction = await database.Database.BeginTransactionAsync(cancellationToken);
        // This link first: a second, concurrent use of it finds nothing to delete.
        if (await database.PasswordResets.Where(r => r.Id == reset.Id).ExecuteDeleteAsync(cancellationToken) == 0)
        {
            Gone();
            return;
        }
        await database.PasswordResets.Where(r => r.AccountId == reset.AccountId).ExecuteDeleteAsync(cancellationToken);
        var hash = hasher.HashPassword(Account!, password);
        await database.Accounts.Where(a => a.Id == reset.AccountId).ExecuteUpdateAsync(set => set
            .SetProperty(a => a.PasswordHash, hash)
            .SetProperty(a => a.FailedSignIns, 0)
            .SetProperty(a => a.LockedOutUntil, (DateTimeOffset?)null), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        Changed = true;
        logger.LogInformation("Password of account {AccountId} reset by mailed link", reset.AccountId);
    }

    private async Task<PasswordReset?> LoadAsync(CancellationToken cancellationToken)
    {
        var hash = OneTimeToken.Hash(Token);
        var now = clock.GetUtcNow();
        var reset = hash is null ? null
            : await database.PasswordResets.AsNoTracking().SingleOrDefaultAsync(r => r.TokenHash == hash && r.ExpiresAt > now, cancellationToken);
        Account = reset is null ? null : await database.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.Id == reset.AccountId, cancellationToken);
        if (reset is null || Account is null)
        {
            Gone();
            return null;
        }
        view.ShowTown(Account.TenantCode);
        return reset;
    }

    private void Gone()
    {
        LinkProblem = InvalidLink;
        Response.StatusCode = StatusCodes.Status410Gone;
    }
}
