using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Identity;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;

namespace SharedServices.Testing;

/// <summary>
/// The identity service running for real beside the services under test (its own database, the
/// fixture's RabbitMQ virtual host), seeded as in Development with the passwords below, and the
/// ways tests get tokens from it: the whole code + PKCE flow over HTTP for people, client
/// credentials for services.
/// </summary>
public sealed class TestIdentity : IAsyncDisposable
{
    public const string OperatorLogin = "operator@pref.yamagata.example";
    public const string OperatorPassword = "operator-test-password";
    public const string ResidentLogin = "resident@kaneyama.example";
    public const string ResidentPassword = "resident-test-password";
    public const string TownAdminLogin = "admin@kaneyama.example";
    public const string TownAdminPassword = "town-admin-test-password";
    public const string TownStaffLogin = "staff@kaneyama.example";
    public const string TownStaffPassword = "town-staff-test-password";
    public const string ServiceSecret = "onboarding-service-test-secret";
    public const string PortalSecret = OidcBrowser.PortalSecret;

    private readonly TestDatabase _database;

    // The operator signs in with a TOTP code too. Signed in once (enrolling this app), the token is
    // kept: each further sign-in would need a fresh code, and the app would wait for the next one.
    private readonly Lazy<Task<string>> _operatorToken;

    private TestIdentity(TestDatabase database, TestVirtualHost virtualHost, IReadOnlyDictionary<string, string?>? settings)
    {
        _database = database;
        // Its port is chosen before start so that its issuer (Identity:PublicUrl) can name it; a fixture
        // that puts the service behind the gateway names the gateway's address instead.
        var port = TestEnvironment.FreePort();
        var all = new Dictionary<string, string?>
        {
            ["Identity:PublicUrl"] = $"http://127.0.0.1:{port}/",
            ["ConnectionStrings:Identity"] = database.AppConnectionString,
            ["ConnectionStrings:IdentityOwner"] = database.OwnerConnectionString,
            ["Identity:Seed:OperatorPassword"] = OperatorPassword,
            ["Identity:Seed:ResidentPassword"] = ResidentPassword,
            ["Identity:Seed:TownAdminPassword"] = TownAdminPassword,
            ["Identity:Seed:TownStaffPassword"] = TownStaffPassword,
            ["Identity:Clients:OnboardingService:Secret"] = ServiceSecret,
            ["Identity:Clients:Portal:Secret"] = PortalSecret,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        Settings = all;
        Host = new ServiceHost<IdentityService>(database, virtualHost, all, port: port);
        RedirectUri = all.TryGetValue("Identity:PortalClient:PrefectureBaseUrl", out var prefecture) && prefecture is not null
            ? prefecture + "signin-oidc"
            : OidcBrowser.PortalRedirectUri;
        using var client = Host.CreateClient();
        Address = client.BaseAddress!;
        _operatorToken = new(() => SignIn(OperatorLogin, OperatorPassword, OperatorApp));
    }

    public ServiceHost<IdentityService> Host { get; }

    /// <summary>Its database, for another instance of the identity service beside this one.</summary>
    public TestDatabase Database => _database;

    /// <summary>The settings it runs with (connection strings, seeded passwords, client secrets), for another instance.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The portal callback tokens are asked for (the prefecture's, as the identity service is configured).</summary>
    public string RedirectUri { get; }

    /// <summary>The seeded operator's authenticator app, enrolled at the first <see cref="OperatorToken"/>.</summary>
    public TotpAuthenticator OperatorApp { get; } = new();

    /// <summary>Where it listens; also the issuer (what the other services' <c>Identity:Issuer</c> must be) unless <c>Identity:PublicUrl</c> was given.</summary>
    public Uri Address { get; }

    public static async Task<TestIdentity> StartAsync(TestVirtualHost virtualHost, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateAsync("identity"), virtualHost, settings);

    /// <summary>
    /// An access token for an account, through the whole code + PKCE flow over HTTP, with a TOTP code
    /// from <paramref name="app"/> for accounts that need one (the first time, the app is enrolled).
    /// </summary>
    public async Task<string> SignIn(string loginName, string password, TotpAuthenticator? app = null)
    {
        using var browser = new OidcBrowser(Address, RedirectUri);
        return await browser.SignInForAccessToken(loginName, password, app);
    }

    /// <summary>The seeded prefecture operator's access token (password and TOTP; one sign-in per identity service).</summary>
    public Task<string> OperatorToken() => _operatorToken.Value;

    /// <summary>Opens an account directly in the identity database (arranging a test), for <see cref="SignIn"/>.</summary>
    public async Task OpenAccountAsync(string loginName, AccountKind kind, string? town, string displayName, string password)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<IdentityDatabase>();
        database.Accounts.Add(Account.Open(loginName, kind, town, displayName, password,
            scope.ServiceProvider.GetRequiredService<IPasswordHasher<Account>>()));
        await database.SaveChangesAsync();
    }

    /// <summary>A client-credentials token of the onboarding service (no user, no role).</summary>
    public async Task<string> ServiceToken()
    {
        using var client = Host.CreateClient();
        var token = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "onboarding-service",
            ["client_secret"] = ServiceSecret,
            ["scope"] = "platform",
        }));
        return (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public async ValueTask DisposeAsync()
    {
        await Host.DisposeAsync();
        await _database.DisposeAsync();
    }
}
