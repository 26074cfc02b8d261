namespace SharedServices.Identity.Accounts;

/// <summary>
/// A mailed password-reset link for an account: its token stored as a hash, usable once, for
/// <see cref="ValidFor"/>. Asking again replaces the account's earlier links; using one ends them all.
/// </summary>
public sealed class PasswordReset
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromHours(1);

    private PasswordReset(Guid id, Guid accountId, string tokenHash, DateTimeOffset expiresAt)
    {
        Id = id;
        AccountId = accountId;
        TokenHash = tokenHash;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    public Guid AccountId { get; private set; }

    public string TokenHash { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public static PasswordReset Issue(Guid accountId, string tokenHash, DateTimeOffset now) =>
        new(Guid.NewGuid(), accountId, tokenHash, now + ValidFor);
}
