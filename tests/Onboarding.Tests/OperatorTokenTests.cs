using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;
using SharedServices.Identity;
using SharedServices.Testing;

namespace SharedServices.Onboarding.Tests;

/// <summary>The identity service and the onboarding service together: who may use the operator API.</summary>
public sealed class OperatorTokenFixture : IAsyncLifetime
{
    public const string OperatorPassword = "operator-test-password";
    public const string ResidentPassword = "resident-test-password";
    public const string ServiceSecret = "onboarding-service-test-secret";
    private const string OperatorLogin = "operator@pref.yamagata.example";

    // The operator signs in with a TOTP code too; signed in once (enrolling this app), the token is
    // kept: each further sign-in would need a fresh code, and the app would wait for the next one.
    private readonly TotpAuthenticator _operatorApp = new();
    private readonly Lazy<Task<string>> _operatorToken;

    public OperatorTokenFixture() => _operatorToken = new(() => SignIn(OperatorLogin, OperatorPassword, _operatorApp));

    private TestDatabase _identityDatabase = null!;
    private TestDatabase _onboardingDatabase = null!;
    private TestVirtualHost _virtualHost = null!;

    public ServiceHost<IdentityService> Identity { get; private set; } = null!;

    public ServiceHost<OnboardingService> Onboarding { get; private set; } = null!;

    public Uri IdentityAddress { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _identityDatabase = await TestDatabase.CreateAsync("tokidentity");
        _onboardingDatabase = await TestDatabase.CreateAsync("tokonboarding");
        _virtualHost = await TestVirtualHost.CreateAsync("tokens");
        Identity = new ServiceHost<IdentityService>(_identityDatabase, _virtualHost, new Dictionary<string, string?>
        {
            ["ConnectionStrings:Identity"] = _identityDatabase.OwnerConnectionString,
            ["Identity:Seed:OperatorPassword"] = OperatorPassword,
            ["Identity:Seed:ResidentPassword"] = ResidentPassword,
            ["Identity:Seed:TownAdminPassword"] = "town-admin-test-password",
            ["Identity:Seed:TownStaffPassword"] = "town-staff-test-password",
            ["Identity:Seed:OnboardingServiceSecret"] = ServiceSecret,
        });
        using (var client = Identity.CreateClient())
        {
            IdentityAddress = client.BaseAddress!;
        }
        Onboarding = new ServiceHost<OnboardingService>(_onboardingDatabase, _virtualHost,
            new Dictionary<string, string?> { ["Identity:Issuer"] = IdentityAddress.ToString() });
    }

    /// <summary>The prefecture operator's access token (password and TOTP).</summary>
    public Task<string> OperatorToken() => _operatorToken.Value;

    /// <summary>An access token for an account, through the whole code + PKCE flow over HTTP (with a TOTP code from <paramref name="app"/>, if given).</summary>
    public async Task<string> SignIn(string loginName, string password, TotpAuthenticator? app = null)
    {
        using var browser = new OidcBrowser(IdentityAddress);
        var pkce = Pkce.Create();
        var code = app is null
            ? await browser.SignInForCode(loginName, password, pkce)
            : await browser.SignInWithTotpForCode(loginName, password, pkce, app);
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

    public async Task<string> ServiceToken()
    {
        using var client = Identity.CreateClient();
        var token = await client.PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "onboarding-service",
            ["client_secret"] = ServiceSecret,
            ["scope"] = "platform",
        }));
        return (await token.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("access_token").GetString()!;
    }

    public HttpClient OnboardingWith(string? bearer)
    {
        var client = Onboarding.CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    public async ValueTask DisposeAsync()
    {
        await Onboarding.DisposeAsync();
        await Identity.DisposeAsync();
        await _onboardingDatabase.DisposeAsync();
        await _identityDatabase.DisposeAsync();
        await _virtualHost.DisposeAsync();
    }
}

public sealed class OperatorTokenTests(OperatorTokenFixture fixture) : IClassFixture<OperatorTokenFixture>
{
    [Fact]
    public async Task A_prefecture_operator_signed_in_through_the_identity_service_onboards_a_town()
    {
        var token = await fixture.OperatorToken();
        using var client = fixture.OnboardingWith(token);

        var response = await client.Onboard("063223", "nishikawa");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/operator/municipalities/063223")).StatusCode);
    }

    [Fact]
    public async Task A_resident_is_forbidden_and_nothing_changes()
    {
        var token = await fixture.SignIn("resident@kaneyama.example", OperatorTokenFixture.ResidentPassword);
        using var client = fixture.OnboardingWith(token);

        var response = await client.Onboard("063240", "oe");

        await OnboardingApiTests.AssertProblem(response, HttpStatusCode.Forbidden);
        using var operatorClient = fixture.OnboardingWith(await fixture.OperatorToken());
        Assert.Equal(HttpStatusCode.NotFound, (await operatorClient.GetAsync("/operator/municipalities/063240")).StatusCode);
    }

    [Fact]
    public async Task A_service_token_without_an_operator_is_forbidden()
    {
        using var client = fixture.OnboardingWith(await fixture.ServiceToken());

        await OnboardingApiTests.AssertProblem(await client.GetAsync("/operator/municipalities"), HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("signature")]
    [InlineData("payload")]
    [InlineData("garbage")]
    [InlineData("alg-none")]
    public async Task A_forged_token_is_anonymous_so_401(string forgery)
    {
        var token = await fixture.OperatorToken();
        var parts = token.Split('.');
        var forged = forgery switch
        {
            "signature" => $"{parts[0]}.{parts[1]}.{new string('A', parts[2].Length)}",
            // Same signature over a payload claiming another prefecture.
            "payload" => $"{parts[0]}.{Base64Url("{\"sub\":\"x\",\"role\":\"operator\",\"tenant\":\"060003\",\"iss\":\"" + fixture.IdentityAddress + "\"}")}.{parts[2]}",
            "alg-none" => $"{Base64Url("{\"alg\":\"none\",\"typ\":\"at+jwt\"}")}.{parts[1]}.",
            _ => "not-a-token",
        };
        using var client = fixture.OnboardingWith(forged);

        await OnboardingApiTests.AssertProblem(await client.GetAsync("/operator/municipalities"), HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("fresh", HttpStatusCode.OK)]          // the control: minting is right, so the refusals below mean something
    [InlineData("expired", HttpStatusCode.Unauthorized)]
    [InlineData("other-audience", HttpStatusCode.Unauthorized)]
    [InlineData("other-issuer", HttpStatusCode.Unauthorized)]
    public async Task Tokens_signed_with_the_real_key_are_still_checked_for_lifetime_audience_and_issuer(string kind, HttpStatusCode expected)
    {
        var server = fixture.Identity.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        var now = DateTime.UtcNow;
        var token = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            TokenType = "at+jwt",
            Issuer = kind == "other-issuer" ? "http://127.0.0.1:1/" : fixture.IdentityAddress.ToString(),
            Audience = kind == "other-audience" ? "talent" : "onboarding",
            IssuedAt = kind == "expired" ? now.AddHours(-2) : now,
            NotBefore = kind == "expired" ? now.AddHours(-2) : now,
            Expires = kind == "expired" ? now.AddHours(-1) : now.AddMinutes(5),
            Claims = new Dictionary<string, object> { ["sub"] = Guid.NewGuid().ToString(), ["role"] = "operator", ["tenant"] = "060003" },
            SigningCredentials = server.SigningCredentials.First(),
        });
        using var client = fixture.OnboardingWith(token);

        Assert.Equal(expected, (await client.GetAsync("/operator/municipalities")).StatusCode);
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
