using Microsoft.EntityFrameworkCore;
using SharedServices.Identity.Data;

namespace SharedServices.Identity.Accounts;

/// <summary>
/// The second step of signing in an account that <see cref="Account.NeedsSecondFactor"/>: a TOTP code
/// from its authenticator app, or, the first time, enrolling the app with a first code. A code is
/// good for one sign-in (the account remembers the last time step accepted), and wrong codes count
/// towards the same lockout as wrong passwords.
/// </summary>
public sealed class TotpSignIn(IdentityDatabase database, TotpSecrets secrets, TimeProvider clock)
{
    public async Task<SignInOutcome> CheckAsync(Account account, string code, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (account.IsLockedOut(now))
        {
            return new SignInOutcome.LockedOut(account.LockedOutUntil!.Value);
        }
        var secret = secrets.Unprotect(account.ProtectedTotpSecret
            ?? throw new InvalidOperationException("The account has no TOTP yet: it enrols first."));
        if (TotpSecrets.MatchingTimeStep(secret, code, now) is not { } step)
        {
            return await database.CountFailedSignInAsync(account.Id, now, cancellationToken);
        }

        // One conditional UPDATE: of two sign-ins racing with the same code, exactly one gets in.
        var accepted = await database.Accounts
            .Where(a => a.Id == account.Id && (a.LastTotpTimeStep == null || a.LastTotpTimeStep < step))
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.LastTotpTimeStep, step)
                .SetProperty(a => a.FailedSignIns, 0), cancellationToken);
        if (accepted == 0)
        {
            // Someone may have watched the code being typed: a replay counts as a failure too.
            return await database.CountFailedSignInAsync(account.Id, now, cancellationToken) is SignInOutcome.LockedOut locked
                ? locked
                : new SignInOutcome.ReplayedCode();
        }
        return new SignInOutcome.SignedIn(account);
    }

    /// <summary>Enrols <paramref name="secret"/> (shown to the user, not yet stored) once a first code from it is right.</summary>
    public async Task<SignInOutcome> EnrolAsync(Account account, string secret, string code, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (account.IsLockedOut(now))
        {
            return new SignInOutcome.LockedOut(account.LockedOutUntil!.Value);
        }
        if (TotpSecrets.MatchingTimeStep(secret, code, now) is not { } step)
        {
            return await database.CountFailedSignInAsync(account.Id, now, cancellationToken);
        }

        var protectedSecret = secrets.Protect(secret);
        var enrolled = await database.Accounts
            .Where(a => a.Id == account.Id && a.ProtectedTotpSecret == null)
            .ExecuteUpdateAsync(set => set
                .SetProperty(a => a.ProtectedTotpSecret, protectedSecret)
                .SetProperty(a => a.LastTotpTimeStep, step)
                .SetProperty(a => a.FailedSignIns, 0), cancellationToken);
        // Zero: another browser enrolled a different app first; this secret was never stored.
        return enrolled == 1 ? new SignInOutcome.SignedIn(account) : new SignInOutcome.WrongCredentials();
    }
}
