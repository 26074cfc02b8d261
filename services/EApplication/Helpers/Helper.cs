using System.Security.Cryptography;

namespace SharedServices.EApplication.Helpers;

public enum HelperStatus
{
    Pending,
    Registered,
    Revoked,
}

/// <summary>
/// A registered helper (支援者) of the town, as the inline snapshot of its stream: a resident account
/// that staff approved to apply on behalf of residents who authorise it by its code.
/// </summary>
public sealed class Helper
{
    public const int MaxNameLength = 100;

    public string Id { get; set; } = "";

    public string AccountId { get; set; } = "";

    public string Name { get; set; } = "";

    /// <summary>Who they help for: 民生委員, 社会福祉協議会, a family member ….</summary>
    public string Organisation { get; set; } = "";

    public HelperStatus Status { get; set; }

    /// <summary>支援者番号: six digits, unique in the town (unique index), kept after a revocation so it is never reused.</summary>
    public string? Code { get; set; }

    public DateTimeOffset RequestedAt { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public string? RevocationReason { get; set; }

    public bool IsRegistered => Status == HelperStatus.Registered;

    /// <summary>The stream of an account's n-th request: a second request at the same moment collides instead of doubling.</summary>
    public static string StreamId(string accountId, int n) => $"helper-{accountId}-{n}";

    /// <summary>Random, so a mistyped code rarely lands on another helper; not a secret (the resident confirms the name shown).</summary>
    public static string NewCode() => RandomNumberGenerator.GetInt32(100_000, 1_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);

    public void Apply(HelperRegistrationRequested e)
    {
        (Id, AccountId, Name, Organisation) = (e.Id, e.AccountId, e.Name, e.Organisation);
        Status = HelperStatus.Pending;
        RequestedAt = e.At;
    }

    public void Apply(HelperApproved e) => (Status, Code, ApprovedAt) = (HelperStatus.Registered, e.Code, e.At);

    public void Apply(HelperRevoked e) => (Status, RevokedAt, RevocationReason) = (HelperStatus.Revoked, e.At, e.Reason);
}
