using System.Net;

using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>Rolling refresh tokens: each is good for one refresh, and a used one is refused.</summary>
public sealed class RefreshTokenTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task A_refresh_token_works_once_and_is_replaced()
    {
        using var browser = fixture.NewBrowser();
        var pkce = Pkce.Create();
        var code = await browser.SignInForCode(IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword, pkce);
        var first = (await (await browser.Http.RedeemCode(code, pkce.Verifier)).Json()).GetProperty("refresh_token").GetString()!;

        var refreshed = await browser.Http.Refresh(first);

        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var tokens = await refreshed.Json();
        var second = tokens.GetProperty("refresh_token").GetString();
        Assert.NotEqual(first, second);
        var access = await Tokens.Validate(browser.Http, tokens.GetProperty("access_token").GetString()!);
        Assert.Equal("063614", access.FindFirst("tenant")?.Value);

        await Tokens.AssertOAuthError(await browser.Http.Refresh(first), "invalid_grant");
    }

    [Fact]
    public async Task A_revoked_refresh_token_is_refused()
    {
        using var browser = fixture.NewBrowser();
        var pkce = Pkce.Create();
        var code = await browser.SignInForCode(IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword, pkce);
        var refresh = (await (await browser.Http.RedeemCode(code, pkce.Verifier)).Json()).GetProperty("refresh_token").GetString()!;

        var revoked = await browser.Http.PostAsync("/connect/revoke", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["client_id"] = "portal",
            ["client_secret"] = OidcBrowser.PortalSecret,
            ["token"] = refresh,
            ["token_type_hint"] = "refresh_token",
        }));

        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        await Tokens.AssertOAuthError(await browser.Http.Refresh(refresh), "invalid_grant");
    }

    [Fact]
    public async Task The_portal_is_a_confidential_client_whose_code_is_worthless_without_its_secret()
    {
        using var browser = fixture.NewBrowser();
        var pkce = Pkce.Create();
        var code = await browser.SignInForCode(IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword, pkce);

        var withoutSecret = await browser.Http.Request(("grant_type", "authorization_code"), ("client_id", "portal"), ("code", code),
            ("redirect_uri", OidcBrowser.PortalRedirectUri), ("code_verifier", pkce.Verifier));

        await Tokens.AssertOAuthError(withoutSecret, "invalid_client", 400, 401);
    }
}
