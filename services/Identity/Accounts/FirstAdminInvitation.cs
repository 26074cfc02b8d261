namespace SharedServices.Identity.Accounts;

/// <summary>
/// A town's first administrator, invited by mail when the town is onboarded: one per town (the
/// town's code is a unique key, so a repeated <c>TenantOnboarded</c> finds it and sends nothing).
/// The link's token is stored as a hash; the link works once and until <see cref="ExpiresAt"/>.
/// </summary>
public sealed class FirstAdminInvitation
{
    public static readonly TimeSpan ValidFor = TimeSpan.FromDays(7);

    private FirstAdminInvitation(Guid id, string tenantCode, string email, string displayName, string tokenHash, DateTimeOffset expiresAt)
    {
        Id = id;
        TenantCode = tenantCode;
        Email = email;
        DisplayName = displayName;
        TokenHash = tokenHash;
        ExpiresAt = expiresAt;
    }

    public Guid Id { get; private set; }

    /// <summary>The town's 地方公共団体コード.</summary>
    public string TenantCode { get; private set; }

    /// <summary>Becomes the account's login name.</summary>
    public string Email { get; private set; }

    public string DisplayName { get; private set; }

    public string TokenHash { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    /// <summary>When the mail went out; null while it has not (a redelivery then sends it with a new token).</summary>
    public DateTimeOffset? SentAt { get; private set; }

    public DateTimeOffset? AcceptedAt { get; private set; }

    public static FirstAdminInvitation Issue(string tenantCode, string email, string displayName, string tokenHash, DateTimeOffset now) =>
        new(Guid.NewGuid(), tenantCode, email, displayName, tokenHash, now + ValidFor);
}
