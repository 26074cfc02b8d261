using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>The identity service on Kestrel with its own database, seeded as in Development.</summary>
public class IdentityFixture : IAsyncLifetime
{
    public const string OperatorLogin = "operator@pref.yamagata.example";
    public const string OperatorPassword = "operator-test-password";
    public const string ResidentLogin = "resident@kaneyama.example";
    public const string ResidentPassword = "resident-test-password";
    public const string TownAdminLogin = "admin@kaneyama.example";
    public const string TownAdminPassword = "town-admin-test-password";
    public const string TownStaffLogin = "staff@kaneyama.example";
    public const string TownStaffPassword = "town-staff-test-password";
    public const string OnboardingServiceSecret = "onboarding-service-test-secret";

    public TestDatabase Database { get; private set; } = null!;

    public IdentityHost Identity { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    /// <summary>The settings the host runs with (seed passwords and secret), for a second instance on the same database.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        ["Identity:Seed:OperatorPassword"] = OperatorPassword,
        ["Identity:Seed:ResidentPassword"] = ResidentPassword,
        ["Identity:Seed:TownAdminPassword"] = TownAdminPassword,
        ["Identity:Seed:TownStaffPassword"] = TownStaffPassword,
        ["Identity:Seed:OnboardingServiceSecret"] = OnboardingServiceSecret,
    };

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("identity");
        Identity = new IdentityHost(Database, Settings);
        Address = Identity.Address;
    }

    /// <summary>A user agent of its own: its own cookies, redirects not followed (the tests look at each).</summary>
    public OidcBrowser NewBrowser() => new(Address);

    /// <summary>An account of its own for a test that changes it (e.g. locks it out).</summary>
    public async Task<string> OpenAccountAsync(string password, AccountKind kind = AccountKind.Resident, string? tenantCode = "063614")
    {
        var loginName = $"{Guid.NewGuid():N}@test.example";
        await using var scope = Identity.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<IdentityDatabase>();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<Account>>();
        database.Accounts.Add(Account.Open(loginName, kind, tenantCode, "テスト 太郎", password, hasher));
        await database.SaveChangesAsync();
        return loginName;
    }

    /// <summary>The account as stored now.</summary>
    public async Task<Account> AccountAsync(string loginName)
    {
        await using var scope = Identity.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<IdentityDatabase>();
        return await database.Accounts.AsNoTracking().SingleAsync(a => a.LoginName == loginName);
    }

    public async ValueTask DisposeAsync()
    {
        await Identity.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
