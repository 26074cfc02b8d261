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
            return await CountFailure(account.Id, now, cancellationToken);
        }
        if (account.FailedSignIns > 0)
        {
            await database.Accounts.Where(a => a.Id == account.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.FailedSignIns, 0), cancellationToken);
        }
        return new SignInOutcome.SignedIn(account);
    }

    // One UPDATE, so concurrent wrong passwords are all counted (every SET reads the row as it was).
    private async Task<SignInOutcome> CountFailure(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var until = now + Account.LockoutDuration;
        await database.Accounts.Where(a => a.Id == id).ExecuteUpdateAsync(set => set
            .SetProperty(a => a.LockedOutUntil, a => a.FailedSignIns + 1 >= Account.MaxFailedSignIns ? until : a.LockedOutUntil)
            .SetProperty(a => a.FailedSignIns, a => a.FailedSignIns + 1 >= Account.MaxFailedSignIns ? 0 : a.FailedSignIns + 1),
            cancellationToken);
        var lockedOutUntil = await database.Accounts.Where(a => a.Id == id).Select(a => a.LockedOutUntil).SingleAsync(cancellationToken);
        return lockedOutUntil > now ? new SignInOutcome.LockedOut(lockedOutUntil.Value) : new SignInOutcome.WrongCredentials();
    }
}
