using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>Bad input at the token endpoint gets OpenIddict's standard OAuth errors, never a 500.</summary>
public sealed class TokenEndpointErrorTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Theory]
    [InlineData("unknown client", "invalid_client", "grant_type=client_credentials&client_id=nobody&client_secret=x")]
    [InlineData("unsupported grant", "unsupported_grant_type", "grant_type=password&client_id=portal&username=a&password=b")]
    [InlineData("no grant type", "invalid_request", "client_id=portal")]
    [InlineData("made-up code", "invalid_grant", "grant_type=authorization_code&client_id=portal&client_secret=portal-test-secret&code=not-a-code&redirect_uri=http%3A%2F%2F127.0.0.1%3A5100%2Fsignin-oidc&code_verifier=0123456789012345678901234567890123456789abc")]
    [InlineData("code without verifier", "invalid_request", "grant_type=authorization_code&client_id=portal&code=not-a-code&redirect_uri=http%3A%2F%2F127.0.0.1%3A5100%2Fsignin-oidc")]
    [InlineData("made-up refresh token", "invalid_grant", "grant_type=refresh_token&client_id=portal&client_secret=portal-test-secret&refresh_token=not-a-token")]
    [InlineData("unknown scope", "invalid_scope", "grant_type=client_credentials&client_id=onboarding-service&client_secret=onboarding-service-test-secret&scope=everything")]
    public async Task Bad_input_is_a_standard_OAuth_error(string why, string error, string form)
    {
        using var browser = fixture.NewBrowser();
        var response = await browser.Http.PostAsync("/connect/token",
            new StringContent(form, System.Text.Encoding.ASCII, "application/x-www-form-urlencoded"));

        Assert.True((int)response.StatusCode is 400 or 401, $"{why}: {(int)response.StatusCode}");
        await Tokens.AssertOAuthError(response, error, 400, 401);
    }

    [Fact]
    public async Task A_token_request_that_is_not_a_form_is_refused()
    {
        using var browser = fixture.NewBrowser();
        var response = await browser.Http.PostAsync("/connect/token",
            new StringContent("{\"grant_type\":\"client_credentials\"}", System.Text.Encoding.UTF8, "application/json"));

        await Tokens.AssertOAuthError(response, "invalid_request");
    }
}
