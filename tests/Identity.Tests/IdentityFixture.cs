using Microsoft.AspNetCore.Identity;
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
    public const string OnboardingServiceSecret = "onboarding-service-test-secret";

    public TestDatabase Database { get; private set; } = null!;

    public IdentityHost Identity { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("identity");
        Identity = new IdentityHost(Database, new Dictionary<string, string?>
        {
            ["Identity:Seed:OperatorPassword"] = OperatorPassword,
            ["Identity:Seed:ResidentPassword"] = ResidentPassword,
            ["Identity:Seed:OnboardingServiceSecret"] = OnboardingServiceSecret,
        });
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

    public async ValueTask DisposeAsync()
    {
        await Identity.DisposeAsync();
        await Database.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
