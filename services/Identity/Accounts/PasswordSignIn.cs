using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SharedServices.Identity.Data;

namespace SharedServices.Identity.Accounts;

/// <summary>What a sign-in attempt came to.</summary>
public abstract record SignInOutcome
{
    public sealed record SignedIn(Account Account) : SignInOutcome;

    /// <summary>Unknown login name or wrong password: the two are never told apart.</summary>
    public sealed record WrongCredentials : SignInOutcome;

    public sealed record LockedOut(DateTimeOffset Until) : SignInOutcome;

    /// <summary>A TOTP code of a time step already used: right once, refused from then on.</summary>
    public sealed record ReplayedCode : SignInOutcome;
}

/// <summary>
/// Checks a login name and password, counting wrong passwords: the <see cref="Account.MaxFailedSignIns"/>th
/// in a row locks the account for <see cref="Account.LockoutDuration"/>, during which even the right
/// password is refused.
/// </summary>
public sealed class PasswordSignIn(IdentityDatabase database, IPasswordHasher<Account> hasher, TimeProvider clock)
{
    // Hashing for unknown names too keeps the answer time the same, so timing does not reveal which names exist.
    private static readonly string UnknownAccountHash = new PasswordHasher<Account>().HashPassword(null!, "no such account");

    public async Task<SignInOutcome> CheckAsync(string loginName, string password, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var name = Account.Normalise(loginName);
        var account = await database.Accounts.SingleOrDefaultAsync(a => a.LoginName == name, cancellationToken);
        if (account is null)
        {
            hasher.VerifyHashedPassword(null!, UnknownAccountHash, password);
            return new SignInOutcome.WrongCredentials();
        }
        if (account.IsLockedOut(now))
        {
            return new SignInOutcome.LockedOut(account.LockedOutUntil!.Value);
        }
        if (hasher.VerifyHashedPassword(account, account.PasswordHash, password) == PasswordVerificationResult.Failed)
        {
            return await database.CountFailedSignInAsync(account.Id, now, cancellationToken);
        }
        // An account that still owes its second factor is not signed in yet: its wrong codes keep
        // counting, or re-entering the password would buy endless guesses at the code.
        if (account.FailedSignIns > 0 && !account.NeedsSecondFactor)
        {
            await database.Accounts.Where(a => a.Id == account.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.FailedSignIns, 0), cancellationToken);
        }
        return new SignInOutcome.SignedIn(account);
    }
}
