using System.Net.Http.Json;
using System.Text.Json;
using SharedServices.Identity;

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
    public const string ServiceSecret = "onboarding-service-test-secret";

    private readonly TestDatabase _database;

    private TestIdentity(TestDatabase database, TestVirtualHost virtualHost, IReadOnlyDictionary<string, string?>? settings)
    {
        _database = database;
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Identity"] = database.OwnerConnectionString,
            ["Identity:Seed:OperatorPassword"] = OperatorPassword,
            ["Identity:Seed:ResidentPassword"] = ResidentPassword,
            ["Identity:Seed:OnboardingServiceSecret"] = ServiceSecret,
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        Host = new ServiceHost<IdentityService>(database, virtualHost, all);
        using var client = Host.CreateClient();
        Address = client.BaseAddress!;
    }

    public ServiceHost<IdentityService> Host { get; }

    /// <summary>The issuer: what the other services' <c>Identity:Issuer</c> must be.</summary>
    public Uri Address { get; }

    public static async Task<TestIdentity> StartAsync(TestVirtualHost virtualHost, IReadOnlyDictionary<string, string?>? settings = null) =>
        new(await TestDatabase.CreateAsync("identity"), virtualHost, settings);

    /// <summary>An access token for an account, through the whole code + PKCE flow over HTTP.</summary>
    public async Task<string> SignIn(string loginName, string password)
    {
        using var browser = new OidcBrowser(Address);
        var pkce = Pkce.Create();
        var code = await browser.SignInForCode(loginName, password, pkce);
        var token = await browser.Http.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code",
            ["client_id"] = "portal",
            ["code"] = code,
            ["redirect_uri"] = OidcBrowser.PortalRedirectUri,
            ["code_verifier"] = pkce.Verifier,
        }));
        return (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    /// <summary>The seeded prefecture operator's access token.</summary>
    public Task<string> OperatorToken() => SignIn(OperatorLogin, OperatorPassword);

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
