using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>The portal's sign-in: authorization code with PKCE, driven over HTTP as a browser and the portal would.</summary>
public sealed class AuthorizationCodeFlowTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Theory]
    [InlineData(IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword, "063614", "resident")] // 金山町
    [InlineData(IdentityFixture.OperatorLogin, IdentityFixture.OperatorPassword, "060003", "operator")] // 山形県, with TOTP
    public async Task Signing_in_yields_tokens_naming_the_accounts_town_and_kind(string login, string password, string tenant, string role)
    {
        using var browser = fixture.NewBrowser();
        var pkce = Pkce.Create();
        var code = role == "operator"
            ? await browser.SignInWithTotpForCode(login, password, pkce, new TotpAuthenticator())
            : await browser.SignInForCode(login, password, pkce);

        var response = await browser.Http.RedeemCode(code, pkce.Verifier);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var tokens = await response.Json();
        Assert.Equal("Bearer", tokens.GetProperty("token_type").GetString());
        Assert.True(tokens.TryGetProperty("refresh_token", out _));
        var access = await Tokens.Validate(browser.Http, tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(tenant, access.FindFirst("tenant")?.Value);
        Assert.Equal(role, access.FindFirst("role")?.Value);
        Assert.False(string.IsNullOrEmpty(access.FindFirst("sub")?.Value));
        Assert.False(string.IsNullOrEmpty(access.FindFirst("name")?.Value));
        var id = await Tokens.Validate(browser.Http, tokens.GetProperty("id_token").GetString()!, type: "JWT", audiences: ["portal"]);
        Assert.Equal(tenant, id.FindFirst("tenant")?.Value);
        Assert.Equal(role, id.FindFirst("role")?.Value);
        Assert.Null(id.FindFirst("email")); // the portal has no use for it
    }

    [Fact]
    public async Task A_residents_access_token_carries_their_mail_address_for_the_town_services()
    {
        using var browser = fixture.NewBrowser();
        var pkce = Pkce.Create();
        var code = await browser.SignInForCode(IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword, pkce);

        var tokens = await (await browser.Http.RedeemCode(code, pkce.Verifier)).Json();

        var access = await Tokens.Validate(browser.Http, tokens.GetProperty("access_token").GetString()!, audiences: ["e-application"]);
        Assert.Equal(IdentityFixture.ResidentLogin, access.FindFirst("email")?.Value);
    }

    [Fact]
    public async Task A_wrong_code_verifier_is_refused()
    {
        using var browser = fixture.NewBrowser();
        var code = await browser.SignInForCode(IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword, Pkce.Create());

        await Tokens.AssertOAuthError(await browser.Http.RedeemCode(code, Pkce.Create().Verifier), "invalid_grant");
    }

    [Fact]
    public async Task A_code_is_redeemed_only_once()
    {
        using var browser = fixture.NewBrowser();
        var pkce = Pkce.Create();
        var code = await browser.SignInForCode(IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword, pkce);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.RedeemCode(code, pkce.Verifier)).StatusCode);

        await Tokens.AssertOAuthError(await browser.Http.RedeemCode(code, pkce.Verifier), "invalid_grant");
    }

    [Fact]
    public async Task An_authorization_request_without_PKCE_is_refused_naming_the_challenge()
    {
        using var browser = fixture.NewBrowser();
        var response = await browser.Authorize(pkce: null);

        // Refused before the client is trusted, so told to the browser rather than redirected.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Json();
        Assert.Equal("invalid_request", problem.GetProperty("error").GetString());
        Assert.Contains("code_challenge", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unregistered_redirect_uri_is_refused_without_redirecting()
    {
        using var browser = fixture.NewBrowser();
        var response = await browser.Http.GetAsync(
            "/connect/authorize?client_id=portal&response_type=code&scope=openid&code_challenge_method=S256" +
            "&code_challenge=" + Pkce.Create().Challenge + "&redirect_uri=" + Uri.EscapeDataString("http://evil.example/cb"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("invalid_request", (await response.Json()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_browser_already_signed_in_gets_a_code_without_the_form()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInForCode(IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword, Pkce.Create());

        var again = await browser.Authorize(Pkce.Create(), state: "second");

        OidcBrowser.CodeFrom(again, state: "second");
    }

    [Fact]
    public async Task Signing_out_ends_the_session_and_returns_to_the_portal()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInForCode(IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword, Pkce.Create());

        var signedOut = await browser.Http.GetAsync(
            $"/connect/endsession?client_id=portal&post_logout_redirect_uri={Uri.EscapeDataString(OidcBrowser.PortalPostLogoutUri)}");

        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.StartsWith(OidcBrowser.PortalPostLogoutUri, signedOut.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var next = await browser.Authorize(Pkce.Create());
        Assert.Equal("/Account/Login", next.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Userinfo_names_the_accounts_town()
    {
        using var browser = fixture.NewBrowser();
        var pkce = Pkce.Create();
        var code = await browser.SignInForCode(IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword, pkce);
        var tokens = await (await browser.Http.RedeemCode(code, pkce.Verifier)).Json();

        using var request = new HttpRequestMessage(HttpMethod.Get, "/connect/userinfo");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("access_token").GetString());
        var response = await browser.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var user = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("063614", user.GetProperty("tenant").GetString());
        Assert.Equal("resident", user.GetProperty("role").GetString());
        Assert.Equal("金山 花子", user.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Userinfo_without_a_token_is_401()
    {
        using var browser = fixture.NewBrowser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.Http.GetAsync("/connect/userinfo")).StatusCode);
    }
}
