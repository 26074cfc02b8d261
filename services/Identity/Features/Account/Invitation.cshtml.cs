using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;

namespace SharedServices.Identity.Features.Account;

/// <summary>
/// /Account/Invitation?token=…: the link mailed to a town's first administrator. Shows the town and
/// lets them choose a password, which opens their townAdmin account of that town. The link works
/// once: accepting marks the invitation and creates the account in one transaction. An unknown,
/// used or expired link gets a page saying so, and nothing is created.
/// </summary>
public sealed class InvitationModel(
    IdentityDatabase database, IPasswordHasher<Accounts.Account> hasher, IdentityView view, TimeProvider clock,
    ILogger<InvitationModel> logger) : PageModel
{
    public static readonly (string Ja, string En) UnknownLink =
        ("この招待リンクは正しくありません。メールのリンクをそのまま開いてください。", "This invitation link is not valid. Open the link in the mail exactly as it is.");

    public static readonly (string Ja, string En) UsedLink =
        ("この招待リンクはすでに使われています。サインインしてください。", "This invitation link has already been used. Please sign in.");

    public static readonly (string Ja, string En) ExpiredLink =
        ("この招待リンクは有効期限が切れています。県の担当者に、もう一度招待するよう依頼してください。", "This invitation link has expired. Ask the prefecture to invite you again.");

    public static readonly (string Ja, string En) AccountExists =
        ("このメールアドレスのアカウントはすでにあります。県の担当者にお問い合わせください。", "An account with this e-mail address already exists. Please contact the prefecture.");

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? Password { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public FirstAdminInvitation? Invitation { get; private set; }

    /// <summary>Why the link cannot be used; the page then shows only this.</summary>
    public (string Ja, string En)? LinkProblem { get; private set; }

    public (string Ja, string En)? Error { get; private set; }

    public bool Accepted { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        await LoadAsync(cancellationToken);
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (!await LoadAsync(cancellationToken))
        {
            return Page();
        }
        var invitation = Invitation!;
        Error = PasswordRules.Check(Password, ConfirmPassword);
        if (Error is null)
        {
            Error = await AcceptAsync(invitation, Password!, cancellationToken);
        }
        (Password, ConfirmPassword) = (null, null);
        return Page();
    }

    private async Task<(string Ja, string En)?> AcceptAsync(FirstAdminInvitation invitation, string password, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var loginName = Accounts.Account.Normalise(invitation.Email);
        await using var transaction = await database.Database.BeginTransactionAsync(cancellationToken);
        // Marking it first makes a second, concurrent acceptance find nothing to mark.
        var marked = await database.FirstAdminInvitations
            .Where(i => i.Id == invitation.Id && i.AcceptedAt == null && i.ExpiresAt > now)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.AcceptedAt, now), cancellationToken);
        if (marked == 0)
        {
            Gone(UsedLink);
            return null;
        }
        if (await database.Accounts.AnyAsync(a => a.LoginName == loginName, cancellationToken))
        {
            return AccountExists; // rolled back: the invitation stays open
        }
        database.Accounts.Add(Accounts.Account.Open(invitation.Email, AccountKind.TownAdmin, invitation.TenantCode, invitation.DisplayName, password, hasher));
        try
        {
            await database.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return AccountExists; // the same login name, created at the same moment
        }
        await transaction.CommitAsync(cancellationToken);
        Accepted = true;
        logger.LogInformation("The first admin of {Code} accepted the invitation", invitation.TenantCode);
        return null;
    }

    private async Task<bool> LoadAsync(CancellationToken cancellationToken)
    {
        var hash = OneTimeToken.Hash(Token);
        Invitation = hash is null ? null
            : await database.FirstAdminInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        view.ShowTown(Invitation?.TenantCode);
        switch (Invitation)
        {
            case null:
                LinkProblem = UnknownLink;
                Response.StatusCode = StatusCodes.Status404NotFound;
                return false;
            case { AcceptedAt: not null }:
                Gone(UsedLink);
                return false;
            case var open when open.ExpiresAt <= clock.GetUtcNow():
                Gone(ExpiredLink);
                return false;
            default:
                return true;
        }
    }

    private void Gone((string Ja, string En) problem)
    {
        LinkProblem = problem;
        Response.StatusCode = StatusCodes.Status410Gone;
    }
}
