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
}
