using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.LocalMail;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>
/// The identity service on Kestrel with its own database and RabbitMQ virtual host, seeded as in
/// Development, sending its mail to an SMTP sink of its own.
/// </summary>
public class IdentityFixture : IAsyncLifetime
{
    public const string OperatorLogin = TestIdentity.OperatorLogin;
    public const string OperatorPassword = TestIdentity.OperatorPassword;
    public const string ResidentLogin = TestIdentity.ResidentLogin;
    public const string ResidentPassword = TestIdentity.ResidentPassword;
    public const string TownAdminLogin = TestIdentity.TownAdminLogin;
    public const string TownAdminPassword = TestIdentity.TownAdminPassword;
    public const string TownStaffLogin = TestIdentity.TownStaffLogin;
    public const string TownStaffPassword = TestIdentity.TownStaffPassword;
    public const string OnboardingServiceSecret = TestIdentity.ServiceSecret;

    public TestDatabase Database { get; private set; } = null!;

    public TestVirtualHost VirtualHost { get; private set; } = null!;

    /// <summary>Every mail the identity service sends lands here.</summary>
    public SmtpSink Mail { get; private set; } = null!;

    public IdentityHost Identity { get; private set; } = null!;

    public Uri Address { get; private set; } = null!;

    /// <summary>The settings the host runs with (seed passwords and secret, mail), for a second instance on the same database.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; private set; } = new Dictionary<string, string?>();

    public virtual async ValueTask InitializeAsync()
    {
        Database = await TestDatabase.CreateAsync("identity");
        VirtualHost = await TestVirtualHost.CreateAsync("identity");
        Mail = SmtpSink.Start();
        var settings = new Dictionary<string, string?>
        {
            ["Identity:Seed:OperatorPassword"] = OperatorPassword,
            ["Identity:Seed:ResidentPassword"] = ResidentPassword,
            ["Identity:Seed:TownAdminPassword"] = TownAdminPassword,
            ["Identity:Seed:TownStaffPassword"] = TownStaffPassword,
            ["Identity:Clients:OnboardingService:Secret"] = OnboardingServiceSecret,
            ["Identity:Clients:Portal:Secret"] = OidcBrowser.PortalSecret,
            ["Smtp:Host"] = "127.0.0.1",
            ["Smtp:Port"] = Mail.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        foreach (var (key, value) in MoreSettings())
        {
            settings[key] = value;
        }
        Settings = settings;
        Identity = new IdentityHost(Database, VirtualHost, settings);
        Address = Identity.Address;
    }

    /// <summary>Settings a derived fixture adds or overrides.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> MoreSettings() => [];

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

    /// <summary>Runs <paramref name="work"/> on the identity database directly (what a test checks or arranges).</summary>
    public async Task<T> WithDatabase<T>(Func<IdentityDatabase, Task<T>> work)
    {
        await using var scope = Identity.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<IdentityDatabase>());
    }

    public Task<Account?> FindAccountAsync(string loginName) =>
        WithDatabase(db => db.Accounts.AsNoTracking().SingleOrDefaultAsync(a => a.LoginName == Account.Normalise(loginName)));

    public virtual async ValueTask DisposeAsync()
    {
        await Identity.DisposeAsync();
        await Mail.DisposeAsync();
        await Database.DisposeAsync();
        await VirtualHost.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
