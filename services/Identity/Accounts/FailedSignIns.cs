using Microsoft.EntityFrameworkCore;
using SharedServices.Identity.Data;

namespace SharedServices.Identity.Accounts;

/// <summary>
/// Wrong passwords and wrong TOTP codes count towards one lockout: the <see cref="Account.MaxFailedSignIns"/>th
/// in a row locks the account for <see cref="Account.LockoutDuration"/>.
/// </summary>
internal static class FailedSignIns
{
    // One UPDATE, so concurrent failures are all counted (every SET reads the row as it was).
    public static async Task<SignInOutcome> CountFailedSignInAsync(this IdentityDatabase database, Guid id, DateTimeOffset now, CancellationToken cancellationToken)
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
