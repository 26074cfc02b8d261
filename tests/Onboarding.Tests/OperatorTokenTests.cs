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
public sealed class OperatorTokenFixture : OnboardingFixture
{
    public const string ResidentPassword = TestIdentity.ResidentPassword;

    public Uri IdentityAddress => Identity.Address;

    public Task<string> OperatorToken() => Identity.OperatorToken();

    public Task<string> SignIn(string loginName, string password) => Identity.SignIn(loginName, password);

    public Task<string> ServiceToken() => Identity.ServiceToken();
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
        var server = fixture.Identity.Host.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
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
