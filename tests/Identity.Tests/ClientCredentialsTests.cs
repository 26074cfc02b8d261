using System.Net;

using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>Services calling services on their own behalf.</summary>
public sealed class ClientCredentialsTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task The_onboarding_service_gets_a_platform_token_with_its_secret()
    {
        using var browser = fixture.NewBrowser();
        var response = await browser.Http.Request(("grant_type", "client_credentials"), ("client_id", "onboarding-service"),
            ("client_secret", IdentityFixture.OnboardingServiceSecret), ("scope", "platform"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var access = await Tokens.Validate(browser.Http, (await response.Json()).GetProperty("access_token").GetString()!);
        Assert.Equal("onboarding-service", access.FindFirst("sub")?.Value);
        Assert.Null(access.FindFirst("tenant")); // a service of the prefecture, not of a town
        Assert.Equal(["e-application", "identity", "onboarding", "points", "portal", "talent"], access.FindAll("aud").Select(c => c.Value).Order());
    }

    [Fact]
    public async Task A_wrong_secret_is_refused()
    {
        using var browser = fixture.NewBrowser();
        var response = await browser.Http.Request(("grant_type", "client_credentials"), ("client_id", "onboarding-service"),
            ("client_secret", "not-the-secret"), ("scope", "platform"));

        await Tokens.AssertOAuthError(response, "invalid_client", 400, 401);
    }

    [Fact]
    public async Task The_portal_cannot_use_client_credentials()
    {
        using var browser = fixture.NewBrowser();
        var response = await browser.Http.Request(("grant_type", "client_credentials"), ("client_id", "portal"), ("scope", "platform"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
