using System.Net;
using SharedServices.Identity.Accounts;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>
/// The portal names the town being signed into (<c>tenant</c> in its authorization request): the
/// identity pages wear that town's name and colours, and only its accounts (and operators, talent) sign in.
/// </summary>
[Collection(OnboardedTowns.Name)]
public sealed class TownSignInTests(TownsFixture fixture)
{
    private const string Okura = "063657";

    [Fact]
    public async Task The_login_page_shows_the_town_named_by_the_authorization_request_with_readable_colours()
    {
        await OnboardOkura();
        using var browser = fixture.NewBrowser();

        var login = await Eventually.Until(
            async () => await browser.Http.GetStringAsync(await browser.LoginPageFor(Okura)),
            html => html.Contains("大蔵村", StringComparison.Ordinal), what: "the identity service to know 大蔵村");

        Assert.Contains("#F4D03F", login, StringComparison.Ordinal);
        Assert.Contains("--brand-text: #000000", login, StringComparison.Ordinal); // a light colour gets dark text
        Assert.Contains("Okura Village", login, StringComparison.Ordinal);        // the other language, smaller
        Assert.Contains("<html lang=\"ja\"", login, StringComparison.Ordinal);
        var english = await browser.Http.GetStringAsync((await browser.LoginPageFor(Okura)) + "&lang=en");
        Assert.Contains("<html lang=\"en\"", english, StringComparison.Ordinal);
        Assert.Contains("<span>Okura Village", english, StringComparison.Ordinal);
        // The forgotten-password page, reached from there, keeps the town.
        Assert.Contains("大蔵村", await browser.Http.GetStringAsync(ForgotLink(login)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_town_the_login_page_shows_the_prefecture()
    {
        using var browser = fixture.NewBrowser();

        var login = await browser.Http.GetStringAsync(await browser.LoginPageFor(tenant: null));

        Assert.Contains("山形県 市町村共同サービス", login, StringComparison.Ordinal);
        Assert.Contains("--brand: #1F4E8C", login, StringComparison.Ordinal);
        Assert.Contains("--brand-text: #FFFFFF", login, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_account_of_another_town_cannot_sign_in_there_and_gets_no_code()
    {
        await OnboardOkura();
        using var browser = fixture.NewBrowser();

        var refused = await browser.SubmitLogin(await browser.LoginPageFor(Okura), IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword);

        Assert.Equal(HttpStatusCode.OK, refused.StatusCode); // the form again, no redirect
        Assert.Contains("別の市町村", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/Account/Login", (await browser.AuthorizeFor(Okura)).Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task A_session_of_another_towns_account_is_not_carried_into_this_town()
    {
        using var browser = fixture.NewBrowser();
        await browser.SignInAt("063614", IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword); // 金山町, its own town

        var elsewhere = await browser.AuthorizeFor(Okura);

        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);
        Assert.Equal("/Account/Login", elsewhere.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData(AccountKind.Operator, "060003")]
    [InlineData(AccountKind.Talent, null)]
    public async Task Operators_and_talent_sign_in_at_any_town(AccountKind kind, string? tenant)
    {
        var login = await fixture.OpenAccountAsync("a-good-password-1", kind, tenant);
        using var browser = fixture.NewBrowser();

        await browser.SignInAt(Okura, login, "a-good-password-1");
    }

    private Task OnboardOkura() => fixture.OnboardShared(Okura, "okura", "Okura Village", primaryColor: "#F4D03F", accentColor: "#FFF9E0");

    private static string ForgotLink(string loginHtml)
    {
        var start = loginHtml.IndexOf("href=\"/Account/ForgotPassword", StringComparison.Ordinal) + 6;
        return WebUtility.HtmlDecode(loginHtml[start..loginHtml.IndexOf('"', start)]);
    }

}
