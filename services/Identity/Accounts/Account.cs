using Microsoft.AspNetCore.Identity;
using SharedServices.Tenancy;

namespace SharedServices.Identity.Accounts;

/// <summary>
/// Someone who signs in: a login name, a password hash (ASP.NET Core's <see cref="PasswordHasher{TUser}"/>)
/// and the town they belong to, by its 地方公共団体コード (the prefecture's own code for operators,
/// none for talent, who serve several towns).
/// </summary>
public sealed class Account
{
    /// <summary>Wrong passwords in a row before the account is locked.</summary>
    public const int MaxFailedSignIns = 5;

    /// <summary>How long a locked account stays locked (then the count starts again).</summary>
    public static readonly TimeSpan LockoutDuration = TimeSpan.FromMinutes(15);

    private Account(Guid id, string loginName, AccountKind kind, string? tenantCode, string displayName)
    {
        Id = id;
        LoginName = loginName;
        Kind = kind;
        TenantCode = tenantCode;
        DisplayName = displayName;
    }

    public Guid Id { get; private set; }

    /// <summary>Stored normalised (trimmed, lower case): sign-in ignores case.</summary>
    public string LoginName { get; private set; }

    public string PasswordHash { get; private set; } = "";

    public AccountKind Kind { get; private set; }

    public string? TenantCode { get; private set; }

    public string DisplayName { get; private set; }

    public int FailedSignIns { get; private set; }

    public DateTimeOffset? LockedOutUntil { get; private set; }

    public static Account Open(string loginName, AccountKind kind, string? tenantCode, string displayName, string password, IPasswordHasher<Account> hasher)
    {
        if (kind == AccountKind.Talent ? tenantCode is not null : !MunicipalityCode.IsValid(tenantCode))
        {
            throw new ArgumentException(kind == AccountKind.Talent
                ? "Talent accounts belong to no town: leave the tenant code empty."
                : MunicipalityCode.Explain(tenantCode), nameof(tenantCode));
        }
        var account = new Account(Guid.NewGuid(), Normalise(loginName), kind, tenantCode, displayName);
        account.PasswordHash = hasher.HashPassword(account, password);
        return account;
    }

    public static string Normalise(string loginName) => loginName.Trim().ToLowerInvariant();

    public bool IsLockedOut(DateTimeOffset now) => LockedOutUntil > now;
}
