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

    /// <summary>
    /// The TOTP secret (RFC 6238), protected with ASP.NET Core Data Protection (<see cref="TotpSecrets"/>);
    /// null until the account has enrolled an authenticator app.
    /// </summary>
    public string? ProtectedTotpSecret { get; private set; }

    /// <summary>The last TOTP time step accepted: a code of that step or an earlier one is a replay.</summary>
    public long? LastTotpTimeStep { get; private set; }

    /// <summary>身元確認保証レベル: how sure the platform is of who a resident is (<see cref="Accounts.IdentityAssurance"/>).</summary>
    public IdentityAssurance Assurance { get; private set; } = IdentityAssurance.SelfAsserted;

    /// <summary>
    /// Operators and town staff change other people's data: a password alone does not sign them in,
    /// they also give a TOTP code (多要素認証).
    /// </summary>
    public bool NeedsSecondFactor => Kind is AccountKind.Operator or AccountKind.TownAdmin or AccountKind.TownStaff;

    public bool HasTotp => ProtectedTotpSecret is not null;

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

    /// <summary>Records a verification of who the owner is; a lower level never replaces a higher one.</summary>
    public void Assure(IdentityAssurance assurance)
    {
        if (assurance.Level < Assurance.Level)
        {
            throw new InvalidOperationException($"The account is already at {Assurance.Level}; {assurance.Level} would lower it.");
        }
        Assurance = assurance;
    }
}
