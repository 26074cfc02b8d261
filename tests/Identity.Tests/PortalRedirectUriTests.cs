using System.Net;
using System.Net.Http.Json;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>The portal client's redirect URIs follow the towns of the registry: onboarded in, suspended out.</summary>
[Collection(OnboardedTowns.Name)]
public sealed class PortalRedirectUriTests(TownsFixture fixture)
{
    [Theory]
    [InlineData("http://oguni.localhost:{0}/signin-oidc")]
    [InlineData("http://localhost:{0}/t/oguni/signin-oidc")]
    public async Task A_towns_portal_addresses_become_redirect_uris_when_it_is_onboarded_and_stop_when_suspended(string template)
    {
        var redirectUri = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, TownsFixture.PortalPort);
        using var browser = fixture.NewBrowser();
        await fixture.OnboardShared("064017", "oguni", "Oguni Town");

        // Accepted: the browser goes on to the login page instead of a 400 about the redirect URI.
        await Eventually.Until(() => browser.AuthorizeFor("064017", redirectUri), r => r.StatusCode == HttpStatusCode.Redirect,
            what: $"{redirectUri} to be registered");
        Assert.Equal(HttpStatusCode.Redirect, (await browser.AuthorizeFor(null, OidcBrowser.PortalRedirectUri)).StatusCode);
    }

    [Fact]
    public async Task A_town_not_onboarded_is_no_redirect_uri_and_a_suspended_one_stops_being_one()
    {
        using var browser = fixture.NewBrowser();
        var shirataka = $"http://shirataka.localhost:{TownsFixture.PortalPort}/signin-oidc";
        Assert.Equal(HttpStatusCode.BadRequest, (await browser.AuthorizeFor("064025", shirataka)).StatusCode);

        await fixture.Onboard("064025", "shirataka", "Shirataka Town");
        await Eventually.Until(() => browser.AuthorizeFor("064025", shirataka), r => r.StatusCode == HttpStatusCode.Redirect, what: "白鷹町 registered");
        var suspended = await fixture.Operator.PutAsJsonAsync("/operator/municipalities/064025/suspension", new { reason = "保守" });
        Assert.True(suspended.IsSuccessStatusCode);

        await Eventually.Until(() => browser.AuthorizeFor("064025", shirataka), r => r.StatusCode == HttpStatusCode.BadRequest, what: "白鷹町 removed");
    }

}
