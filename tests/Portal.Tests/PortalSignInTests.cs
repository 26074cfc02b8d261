using Microsoft.Playwright;
using static SharedServices.Portal.Tests.SignInPages;
using SharedServices.Testing;

namespace SharedServices.Portal.Tests;

/// <summary>
/// Signing in to the portal through the identity service in a real browser: OIDC code + PKCE, each
/// town's own session, the areas shown only to their roles.
/// </summary>
public sealed class PortalSignInTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    [Theory]
    [InlineData("kaneyama", PortalFixture.KaneyamaResidentLogin, "金山町", "金山 花子")]
    [InlineData("okura", PortalFixture.OkuraResidentLogin, "大蔵村", "大蔵 次郎")]
    public async Task A_resident_signs_in_at_their_town_and_sees_its_branding_and_their_page(
        string slug, string login, string town, string name)
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.TownUrl(slug));

        await page.GetByRole(AriaRole.Link, new() { Name = "ログイン" }).ClickAsync();
        await SubmitLogin(page, login, PortalFixture.ResidentPassword);

        await page.ReachedAsync(fixture.TownUrl(slug));
        Assert.Contains(town, await page.Locator("h1").InnerTextAsync());
        Assert.Contains(name, await page.Locator(".account").InnerTextAsync());
        await page.GetByRole(AriaRole.Link, new() { Name = "マイページ" }).ClickAsync();
        Assert.Equal("マイページ", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains($"{town} 住民ポータル", await page.Locator(".site-name").InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "管理画面" }).CountAsync());
    }

    [Fact]
    public async Task The_sign_in_pages_are_served_through_the_gateway_and_the_code_comes_back_in_a_plain_redirect()
    {
        var page = await fixture.NewPageAsync();
        var identityAnswers = new List<IResponse>();
        page.Response += (_, response) =>
        {
            if (response.Url.StartsWith(fixture.IdentityUrl(), StringComparison.Ordinal))
            {
                lock (identityAnswers)
                {
                    identityAnswers.Add(response);
                }
            }
        };
        await page.GotoAsync(fixture.TownUrl("kaneyama", "/signin"));

        // The identity service's public address is the gateway's: its login page has the gateway's headers.
        Assert.StartsWith(fixture.IdentityUrl("/Account/Login"), page.Url, StringComparison.Ordinal);
        IResponse login;
        lock (identityAnswers)
        {
            login = identityAnswers.Last(r => r.Url.StartsWith(fixture.IdentityUrl("/Account/Login"), StringComparison.Ordinal));
        }
        var headers = await login.AllHeadersAsync();
        Assert.Contains("script-src 'self'", headers["content-security-policy"]);
        Assert.Contains("frame-ancestors 'none'", headers["content-security-policy"]);
        Assert.Equal("strict-origin-when-cross-origin", headers["referrer-policy"]);

        await SubmitLogin(page, PortalFixture.KaneyamaResidentLogin, PortalFixture.ResidentPassword);
        await page.ReachedAsync(fixture.TownUrl("kaneyama"));

        // No form_post page (an inline script the policy refuses): the authorization endpoint redirects
        // to the town's callback with the code in the query.
        lock (identityAnswers)
        {
            Assert.Contains(identityAnswers, r => r.Url.StartsWith(fixture.IdentityUrl("/connect/authorize"), StringComparison.Ordinal)
                && r.Status == 302
                && r.Headers.TryGetValue("location", out var location)
                && location.StartsWith(fixture.TownUrl("kaneyama", "/signin-oidc?code="), StringComparison.Ordinal));
        }
        ContentSecurity.AssertNothingRefused(page);
    }

    [Fact]
    public async Task A_town_addressed_by_path_signs_in_under_its_own_path()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.PrefectureUrl("/t/okura/Resident"));

        await SubmitLogin(page, PortalFixture.OkuraResidentLogin, PortalFixture.ResidentPassword);

        await page.ReachedAsync(fixture.PrefectureUrl("/t/okura/Resident"));
        Assert.Equal("マイページ", (await page.Locator("h1").InnerTextAsync()).Trim());
        // The session is okura's only: kaneyama's pages on the same host are not signed in.
        await page.GotoAsync(fixture.PrefectureUrl("/t/kaneyama/"));
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "ログイン" }).CountAsync());
    }

    [Fact]
    public async Task A_resident_of_another_town_is_refused_and_gets_no_session()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.TownUrl("okura", "/signin"));

        await SubmitLogin(page, PortalFixture.KaneyamaResidentLogin, PortalFixture.ResidentPassword);

        // The identity service's page, branded for 大蔵村, says why and stays.
        await page.WaitForSelectorAsync("#error-summary");
        Assert.Contains("別の市町村のもの", await page.Locator("#error-summary").InnerTextAsync());
        Assert.Contains("大蔵村", await page.Locator("header").InnerTextAsync());
        await page.GotoAsync(fixture.TownUrl("okura", "/Resident"));
        Assert.Equal(1, await page.Locator("input[name=Password]").CountAsync()); // still asked to sign in
    }

    [Fact]
    public async Task A_session_of_another_towns_account_at_the_identity_service_never_becomes_a_session_of_this_town()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.TownUrl("kaneyama", "/signin"));
        await SubmitLogin(page, PortalFixture.KaneyamaResidentLogin, PortalFixture.ResidentPassword);
        await page.ReachedAsync(fixture.TownUrl("kaneyama"));

        // Signed in at the identity service as a 金山町 resident, the browser goes to 大蔵村.
        await page.GotoAsync(fixture.TownUrl("okura", "/Resident"));

        Assert.Equal(1, await page.Locator("input[name=Password]").CountAsync()); // asked again, not let in
        await page.GotoAsync(fixture.TownUrl("okura"));
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "ログイン" }).CountAsync());
    }

    [Fact]
    public async Task A_resident_cannot_open_the_town_console_or_the_prefecture_console()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.TownUrl("kaneyama", "/signin"));
        await SubmitLogin(page, PortalFixture.KaneyamaResidentLogin, PortalFixture.ResidentPassword);
        await page.ReachedAsync(fixture.TownUrl("kaneyama"));

        var console = await page.GotoAsync(fixture.TownUrl("kaneyama", "/Console"));
        Assert.Equal(403, console!.Status);
        Assert.Contains("このページは表示できません", await page.Locator("h1").InnerTextAsync());

        var prefecture = await page.GotoAsync(fixture.TownUrl("kaneyama", "/Prefecture"));
        Assert.Equal(403, prefecture!.Status);
    }

    [Fact]
    public async Task An_operator_signs_in_at_the_prefecture_console_and_sees_every_town()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.PrefectureUrl("/Prefecture"));

        await SubmitLogin(page, PortalFixture.OperatorLogin, PortalFixture.OperatorPassword);
        await SubmitCode(page, await fixture.OperatorApp.NextCodeAsync());

        await page.ReachedAsync(fixture.PrefectureUrl("/Prefecture"));
        Assert.Equal("県の管理画面", (await page.Locator("h1").InnerTextAsync()).Trim());
        var towns = await page.Locator("table").InnerTextAsync();
        Assert.Contains("063614", towns, StringComparison.Ordinal);
        Assert.Contains("大蔵村", towns, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Signing_out_ends_the_town_session_and_returns_home()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.TownUrl("kaneyama", "/Resident"));
        await SubmitLogin(page, PortalFixture.KaneyamaResidentLogin, PortalFixture.ResidentPassword);
        await page.ReachedAsync(fixture.TownUrl("kaneyama", "/Resident"));

        await page.GetByRole(AriaRole.Button, new() { Name = "ログアウト" }).ClickAsync();

        await page.ReachedAsync(fixture.TownUrl("kaneyama"));
        Assert.Equal(1, await page.GetByRole(AriaRole.Link, new() { Name = "ログイン" }).CountAsync());
        // Signed out at the identity service too: the resident page asks for a password again.
        await page.GotoAsync(fixture.TownUrl("kaneyama", "/Resident"));
        Assert.Equal(1, await page.Locator("input[name=Password]").CountAsync());
    }

    [Fact]
    public async Task Every_page_of_signing_in_and_of_the_areas_has_no_WCAG_2_1_A_or_AA_violations()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.TownUrl("kaneyama", "/Resident"));
        await page.WaitForSelectorAsync("input[name=LoginName]");
        await Accessibility.AssertNoViolations(page); // the identity service's sign-in page

        await SubmitLogin(page, PortalFixture.KaneyamaResidentLogin, "wrong password");
        await page.WaitForSelectorAsync("#error-summary");
        await Accessibility.AssertNoViolations(page); // … with its error

        await SubmitLogin(page, PortalFixture.KaneyamaResidentLogin, PortalFixture.ResidentPassword);
        await page.ReachedAsync(fixture.TownUrl("kaneyama", "/Resident"));
        await Accessibility.AssertNoViolations(page);
        await page.GotoAsync(fixture.TownUrl("kaneyama", "/Console"));
        await Accessibility.AssertNoViolations(page); // access denied
        await page.GotoAsync(fixture.TownUrl("kaneyama", "/signin-failed?reason=another-town"));
        await Accessibility.AssertNoViolations(page);

        var prefecture = await fixture.NewPageAsync();
        await prefecture.GotoAsync(fixture.PrefectureUrl("/Prefecture"));
        await SubmitLogin(prefecture, PortalFixture.OperatorLogin, PortalFixture.OperatorPassword);
        await prefecture.WaitForSelectorAsync("input[name=Code]");
        await Accessibility.AssertNoViolations(prefecture); // the second-factor page
        await SubmitCode(prefecture, await fixture.OperatorApp.NextCodeAsync());
        await prefecture.ReachedAsync(fixture.PrefectureUrl("/Prefecture"));
        await Accessibility.AssertNoViolations(prefecture);
    }

    [Fact]
    public async Task Town_staff_sign_in_with_a_TOTP_code_enrolling_their_app_the_first_time_and_reach_the_town_console()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.TownUrl("kaneyama", "/Console"));
        await SubmitLogin(page, TestIdentity.TownStaffLogin, TestIdentity.TownStaffPassword);

        // First sign-in: the page shows the key to type into an authenticator app.
        await page.ReachedAsync("**/Account/EnrollTotp**");
        await Accessibility.AssertNoViolations(page);
        var app = new TotpAuthenticator();
        app.Enrol(OidcBrowser.SecretShown(await page.ContentAsync()));
        await SubmitCode(page, await app.NextCodeAsync());
        await page.ReachedAsync(fixture.TownUrl("kaneyama", "/Console"));
        Assert.Equal("管理画面", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("職員", await page.Locator("main").InnerTextAsync());
        Assert.Equal(0, await page.GetByRole(AriaRole.Link, new() { Name = "マイページ" }).CountAsync());

        // Signed out, the next sign-in asks for a code, and a wrong one is refused.
        await page.GetByRole(AriaRole.Button, new() { Name = "ログアウト" }).ClickAsync();
        await page.ReachedAsync(fixture.TownUrl("kaneyama"));
        await page.GotoAsync(fixture.TownUrl("kaneyama", "/Console"));
        await SubmitLogin(page, TestIdentity.TownStaffLogin, TestIdentity.TownStaffPassword);
        await page.ReachedAsync("**/Account/Totp**");
        await SubmitCode(page, app.WrongCode());
        await page.WaitForSelectorAsync("[role=alert]");
        Assert.Contains("/Account/Totp", page.Url, StringComparison.Ordinal);
        await SubmitCode(page, await app.NextCodeAsync());
        await page.ReachedAsync(fixture.TownUrl("kaneyama", "/Console"));
    }

    [Fact]
    public async Task The_identity_services_other_pages_have_no_WCAG_2_1_A_or_AA_violations_either()
    {
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.TownUrl("okura", "/signin"));
        await page.Locator("#forgot-password").ClickAsync();
        await page.ReachedAsync("**/Account/ForgotPassword**");
        Assert.Contains("大蔵村", await page.Locator("header").InnerTextAsync()); // still the town's page
        await Accessibility.AssertNoViolations(page);

        var identity = new Uri(page.Url).GetLeftPart(UriPartial.Authority);
        foreach (var path in new[] { "/Account/ResetPassword?token=garbage", "/Account/Invitation?token=garbage", "/Account/Login?lang=en" })
        {
            await page.GotoAsync(identity + path);
            await Accessibility.AssertNoViolations(page);
        }

        // A resident's identity verification page (マイナンバーカード), signed in.
        await page.GotoAsync(fixture.TownUrl("kaneyama", "/signin"));
        await SubmitLogin(page, PortalFixture.KaneyamaResidentLogin, PortalFixture.ResidentPassword);
        await page.ReachedAsync(fixture.TownUrl("kaneyama"));
        await page.GotoAsync(identity + "/Account/Assurance");
        Assert.Equal(1, await page.Locator("form").CountAsync());
        await Accessibility.AssertNoViolations(page);
    }

    [Fact]
    public async Task Signing_out_without_the_forms_antiforgery_token_is_refused()
    {
        using var client = fixture.PortalClient("kaneyama.localhost");

        var response = await client.PostAsync("/signout", new FormUrlEncodedContent([]));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}
