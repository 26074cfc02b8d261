using System.Net;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Identity.Features.Account;
using SharedServices.Identity.Jpki;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>A resident raises their 身元確認保証レベル with the マイナンバーカード (here: the development stand-in).</summary>
public sealed class AssuranceTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private const string Password = "the-right-password";
    private static readonly Uri Page = new("/Account/Assurance", UriKind.Relative);

    [Fact]
    public async Task A_resident_verified_with_the_card_gets_IAL3_in_their_tokens_and_the_account_records_how()
    {
        var (browser, login) = await SignedInResident();
        using var _ = browser;
        var before = await fixture.AccountAsync(login);
        Assert.Equal(AssuranceLevel.Ial1, before.Assurance.Level);
        Assert.Equal("self-asserted", before.Assurance.Method);

        var response = await Submit(browser, ("CertificateSerial", "dev0001ab"), ("Pin", DevelopmentJpkiVerifier.Pin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("role=\"status\"", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var assurance = (await fixture.AccountAsync(login)).Assurance;
        Assert.Equal(AssuranceLevel.Ial3, assurance.Level);
        Assert.Equal("jpki-signature", assurance.Method);
        Assert.Equal("development-fake-jpki", assurance.Verifier);
        Assert.InRange(assurance.VerifiedAt!.Value, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.Equal(IdentityAssurance.CardFingerprintOf(DevelopmentJpkiVerifier.Issuer, "DEV0001AB"), assurance.CardFingerprint);

        var pkce = Pkce.Create();
        var code = OidcBrowser.CodeFrom(await browser.Authorize(pkce));
        var tokens = await (await browser.Http.RedeemCode(code, pkce.Verifier)).Json();
        var access = await Tokens.Validate(browser.Http, tokens.GetProperty("access_token").GetString()!);
        Assert.Equal("3", access.FindFirst("ial")?.Value);
        Assert.Equal("urn:sharedservices:ial:3", access.FindFirst("acr")?.Value);
        var id = await Tokens.Validate(browser.Http, tokens.GetProperty("id_token").GetString()!, type: "JWT", audiences: ["portal"]);
        Assert.Equal("3", id.FindFirst("ial")?.Value);
    }

    [Fact]
    public async Task The_page_says_plainly_that_the_check_is_a_development_stand_in()
    {
        var (browser, _) = await SignedInResident();
        using var _ = browser;

        var html = await (await browser.Http.GetAsync(Page)).Content.ReadAsStringAsync();

        Assert.Contains("id=\"development-stand-in\"", html, StringComparison.Ordinal);
        Assert.Contains("FAKE", html, StringComparison.Ordinal);
        Assert.Contains("<label for=\"certificate-serial\">", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("CertificateSerial", "123456789018")]
    [InlineData("CertificateSerial", "1234 5678 9018")]
    [InlineData("CertificateSerial", "１２３４５６７８９０１８")]
    [InlineData("Pin", "123456789018")]
    [InlineData("Note", "my number is 1234-5678-9018")] // a field the page does not even have
    public async Task A_posted_individual_number_is_refused_and_nothing_of_it_is_kept(string field, string value)
    {
        var (browser, login) = await SignedInResident();
        using var _ = browser;
        var fields = new Dictionary<string, string> { ["CertificateSerial"] = "DEV0002", ["Pin"] = DevelopmentJpkiVerifier.Pin, [field] = value };

        var response = await Submit(browser, [.. fields.Select(f => (f.Key, f.Value))]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(Html(AssuranceModel.IndividualNumberMessage), html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain(value, html, StringComparison.Ordinal); // not even echoed back into the form
        Assert.DoesNotContain(Html(value), html, StringComparison.Ordinal);
        var account = await fixture.AccountAsync(login);
        Assert.Equal(IdentityAssurance.SelfAsserted, account.Assurance);
        await using var scope = fixture.Identity.Services.CreateAsyncScope();
        var pattern = "%" + value + "%";
        Assert.Empty(await scope.ServiceProvider.GetRequiredService<IdentityDatabase>().Database
            .SqlQuery<string>($"select \"Id\"::text as \"Value\" from identity.accounts a where row_to_json(a)::text like {pattern}")
            .ToListAsync());
    }

    [Theory]
    [InlineData("", DevelopmentJpkiVerifier.Pin, AssuranceModel.SerialRequiredMessage)]
    [InlineData("DEV0003", "", AssuranceModel.PinRequiredMessage)]
    [InlineData("long", DevelopmentJpkiVerifier.Pin, AssuranceModel.SerialTooLongMessage)]
    [InlineData("DEV0003", "long", AssuranceModel.PinTooLongMessage)]
    [InlineData("DEV-0003!", DevelopmentJpkiVerifier.Pin, "模擬シリアル番号は英数字1〜40文字")] // the verifier refuses it
    [InlineData("DEV0003", "WRONG12", "開発用PINが違います")]
    public async Task Bad_input_shows_the_form_with_a_clear_error_and_changes_nothing(string serial, string pin, string message)
    {
        serial = serial == "long" ? new string('A', 41) : serial;
        pin = pin == "long" ? new string('1', 17) : pin;
        var (browser, login) = await SignedInResident();
        using var _ = browser;

        var response = await Submit(browser, ("CertificateSerial", serial), ("Pin", pin));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains(Html(message), html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Equal(IdentityAssurance.SelfAsserted, (await fixture.AccountAsync(login)).Assurance);
    }

    [Fact]
    public async Task A_challenge_not_given_by_the_page_is_refused()
    {
        var (browser, login) = await SignedInResident();
        using var _ = browser;
        var html = await (await browser.Http.GetAsync(Page)).Content.ReadAsStringAsync();

        var response = await browser.SubmitForm(Page, html,
            ("CertificateSerial", "DEV0004"), ("Pin", DevelopmentJpkiVerifier.Pin), ("CardChallenge", "made-up"));

        Assert.Contains(Html(AssuranceModel.ExpiredMessage), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(IdentityAssurance.SelfAsserted, (await fixture.AccountAsync(login)).Assurance);
    }

    [Fact]
    public async Task One_card_verifies_one_account()
    {
        var (first, _) = await SignedInResident();
        using var _1 = first;
        await Submit(first, ("CertificateSerial", "DEV0005"), ("Pin", DevelopmentJpkiVerifier.Pin));
        var (second, login) = await SignedInResident();
        using var _2 = second;

        var response = await Submit(second, ("CertificateSerial", "DEV0005"), ("Pin", DevelopmentJpkiVerifier.Pin));

        Assert.Contains(Html(AssuranceModel.CardInUseMessage), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(AssuranceLevel.Ial1, (await fixture.AccountAsync(login)).Assurance.Level);
    }

    [Fact]
    public async Task Only_a_signed_in_user_sees_the_page()
    {
        using var browser = fixture.NewBrowser();

        var response = await browser.Http.GetAsync(Page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Town_staff_are_told_the_card_check_is_for_residents_and_get_no_form()
    {
        var login = await fixture.OpenAccountAsync(Password, AccountKind.TownStaff);
        using var browser = fixture.NewBrowser();
        await browser.SignInWithTotpForCode(login, Password, Pkce.Create(), new TotpAuthenticator());

        var html = await (await browser.Http.GetAsync(Page)).Content.ReadAsStringAsync();

        Assert.Contains(Html(AssuranceModel.ResidentsOnlyMessage), html, StringComparison.Ordinal);
        Assert.DoesNotContain("<form", html, StringComparison.Ordinal);
    }

    private async Task<(OidcBrowser Browser, string Login)> SignedInResident()
    {
        var login = await fixture.OpenAccountAsync(Password);
        var browser = fixture.NewBrowser();
        await browser.SignInForCode(login, Password, Pkce.Create());
        return (browser, login);
    }

    /// <summary>Opens the page (for its antiforgery token and challenge) and submits its form.</summary>
    private static async Task<HttpResponseMessage> Submit(OidcBrowser browser, params (string Name, string Value)[] fields)
    {
        var page = await browser.Http.GetAsync(Page);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        return await browser.SubmitForm(Page, html, [.. fields, ("CardChallenge", OidcBrowser.HiddenValue(html, "CardChallenge"))]);
    }

    private static string Html(string text) => HtmlEncoder.Create(UnicodeRanges.All).Encode(text);
}
