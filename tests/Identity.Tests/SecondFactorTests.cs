using System.Net;
using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Identity.Features.Account;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>Operators and town staff sign in with a password and a TOTP code; residents with a password.</summary>
public sealed class SecondFactorTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private const string Password = "the-right-password";

    [Theory]
    [InlineData(IdentityFixture.OperatorLogin, IdentityFixture.OperatorPassword)]
    [InlineData(IdentityFixture.TownAdminLogin, IdentityFixture.TownAdminPassword)]
    [InlineData(IdentityFixture.TownStaffLogin, IdentityFixture.TownStaffPassword)]
    public async Task Staff_and_operators_get_no_code_for_a_password_alone(string login, string password)
    {
        using var browser = fixture.NewBrowser();
        var challenge = await browser.Authorize(Pkce.Create());

        var signedIn = await browser.SubmitLogin(challenge.Headers.Location!, login, password);

        // The seeded accounts have no app yet: they are asked to enrol one, not given a code.
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/Account/EnrollTotp", signedIn.Headers.Location!.OriginalString);
        var again = await browser.Authorize(Pkce.Create());
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/Account/Login", again.Headers.Location!.AbsolutePath);
    }

    [Fact]
    public async Task Enrolling_an_app_signs_in_with_tokens_saying_a_second_factor_was_used()
    {
        var login = await fixture.OpenAccountAsync(Password, AccountKind.TownStaff);
        var app = new TotpAuthenticator();
        using var browser = fixture.NewBrowser();
        var pkce = Pkce.Create();

        var code = await browser.SignInWithTotpForCode(login, Password, pkce, app);

        var tokens = await (await browser.Http.RedeemCode(code, pkce.Verifier)).Json();
        var access = await Tokens.Validate(browser.Http, tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(["mfa", "otp", "pwd"], access.FindAll("amr").Select(c => c.Value).Order());
        Assert.Equal("townStaff", access.FindFirst("role")?.Value);
        Assert.Null(access.FindFirst("ial")); // the assurance level is the residents'
        var id = await Tokens.Validate(browser.Http, tokens.GetProperty("id_token").GetString()!, type: "JWT", audiences: ["portal"]);
        Assert.Equal(["mfa", "otp", "pwd"], id.FindAll("amr").Select(c => c.Value).Order());
        var refreshed = await (await browser.Http.Refresh(tokens.GetProperty("refresh_token").GetString()!)).Json();
        var afterRefresh = await Tokens.Validate(browser.Http, refreshed.GetProperty("access_token").GetString()!);
        Assert.Contains("mfa", afterRefresh.FindAll("amr").Select(c => c.Value));
    }

    [Fact]
    public async Task The_secret_is_stored_protected_and_readable_by_another_instance_on_the_same_database()
    {
        var login = await fixture.OpenAccountAsync(Password, AccountKind.TownAdmin);
        var app = new TotpAuthenticator();
        using var browser = fixture.NewBrowser();
        await browser.SignInWithTotpForCode(login, Password, Pkce.Create(), app);

        var stored = (await fixture.AccountAsync(login)).ProtectedTotpSecret!;
        Assert.DoesNotContain(app.Secret!, stored, StringComparison.OrdinalIgnoreCase);
        await using (var scope = fixture.Identity.Services.CreateAsyncScope())
        {
            Assert.NotEqual(0, await scope.ServiceProvider.GetRequiredService<IdentityDatabase>().DataProtectionKeys.CountAsync());
        }

        // A restarted or second instance has no key of its own in memory: it reads the ring from the database.
        await using var second = new IdentityHost(fixture.Database, fixture.VirtualHost, fixture.Settings);
        _ = second.Address;
        Assert.Equal(app.Secret, second.Services.GetRequiredService<TotpSecrets>().Unprotect(stored));
    }

    [Fact]
    public async Task A_later_sign_in_asks_for_a_code_from_the_app()
    {
        var login = await fixture.OpenAccountAsync(Password, AccountKind.Operator, "060003");
        var app = new TotpAuthenticator();
        using (var first = fixture.NewBrowser())
        {
            await first.SignInWithTotpForCode(login, Password, Pkce.Create(), app);
        }
        using var browser = fixture.NewBrowser();
        var challenge = await browser.Authorize(Pkce.Create());

        var signedIn = await browser.SubmitLogin(challenge.Headers.Location!, login, Password);

        Assert.Equal("/Account/Totp", signedIn.Headers.Location!.OriginalString);
        var verified = await browser.SubmitSecondFactor(signedIn.Headers.Location, app);
        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        OidcBrowser.CodeFrom(await browser.Http.GetAsync(verified.Headers.Location));
    }

    [Fact]
    public async Task A_replayed_code_is_refused()
    {
        var login = await fixture.OpenAccountAsync(Password, AccountKind.TownStaff);
        var app = new TotpAuthenticator();
        using (var first = fixture.NewBrowser())
        {
            await first.SignInWithTotpForCode(login, Password, Pkce.Create(), app);
        }
        using var browser = fixture.NewBrowser();

        var replayed = await browser.SubmitSecondFactor(await PasswordStep(browser, login), app, app.LastCode());

        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains(Html(TotpModel.ReplayedCodeMessage), await replayed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("/Account/Login", (await browser.Authorize(Pkce.Create())).Headers.Location!.AbsolutePath); // not signed in
    }

    [Fact]
    public async Task Wrong_codes_count_towards_the_same_lockout_as_wrong_passwords()
    {
        var login = await fixture.OpenAccountAsync(Password, AccountKind.TownStaff);
        var app = new TotpAuthenticator();
        using (var first = fixture.NewBrowser())
        {
            await first.SignInWithTotpForCode(login, Password, Pkce.Create(), app);
        }
        using var browser = fixture.NewBrowser();
        var page = await PasswordStep(browser, login);

        // Two wrong passwords, then codes: the fifth failure of either kind locks.
        await browser.SubmitLogin(new Uri("/Account/Login", UriKind.Relative), login, "wrong");
        await browser.SubmitLogin(new Uri("/Account/Login", UriKind.Relative), login, "wrong");
        var wrong = await browser.SubmitSecondFactor(page, app, app.WrongCode());
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        var html = await wrong.Content.ReadAsStringAsync();
        Assert.Contains(Html(TotpModel.WrongCodeMessage), html, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Equal(3, (await fixture.AccountAsync(login)).FailedSignIns);
        await browser.SubmitSecondFactor(page, app, app.WrongCode());
        var locked = await browser.SubmitSecondFactor(page, app, app.WrongCode());

        Assert.Contains(Html(LoginModel.LockedOutMessage), await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.NotNull((await fixture.AccountAsync(login)).LockedOutUntil);
        using var later = fixture.NewBrowser();
        var rightPassword = await later.SubmitLogin(new Uri("/Account/Login", UriKind.Relative), login, Password);
        Assert.Contains(Html(LoginModel.LockedOutMessage), await rightPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Giving_the_right_password_again_does_not_forgive_wrong_codes()
    {
        var login = await fixture.OpenAccountAsync(Password, AccountKind.TownStaff);
        var app = new TotpAuthenticator();
        using (var first = fixture.NewBrowser())
        {
            await first.SignInWithTotpForCode(login, Password, Pkce.Create(), app);
        }
        using var browser = fixture.NewBrowser();
        var page = await PasswordStep(browser, login);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await browser.SubmitSecondFactor(page, app, app.WrongCode());
        }

        page = await PasswordStep(browser, login);

        Assert.Equal(3, (await fixture.AccountAsync(login)).FailedSignIns);
        await browser.SubmitSecondFactor(page, app, app.WrongCode());
        var locked = await browser.SubmitSecondFactor(page, app, app.WrongCode());
        Assert.Contains(Html(LoginModel.LockedOutMessage), await locked.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("12345")]
    [InlineData("1234567")]
    [InlineData("12a456")]
    [InlineData("<script>")]
    [InlineData("long")]
    public async Task A_malformed_code_shows_the_page_with_an_error_and_counts_nothing(string code)
    {
        code = code == "long" ? new string('1', 10_000) : code;
        var login = await fixture.OpenAccountAsync(Password, AccountKind.TownStaff);
        using var browser = fixture.NewBrowser();
        var app = new TotpAuthenticator();
        var enrol = await PasswordStep(browser, login);

        var atEnrolment = await browser.SubmitSecondFactor(enrol, app, code);

        Assert.Equal(HttpStatusCode.OK, atEnrolment.StatusCode);
        var html = await atEnrolment.Content.ReadAsStringAsync();
        Assert.Contains(Html(TotpModel.MalformedCodeMessage), html, StringComparison.Ordinal);
        Assert.Contains("aria-invalid=\"true\"", html, StringComparison.Ordinal);
        Assert.Equal(app.Secret, OidcBrowser.SecretShown(html)); // the same secret, still to confirm
        var account = await fixture.AccountAsync(login);
        Assert.Equal(0, account.FailedSignIns);
        Assert.False(account.HasTotp);

        var enrolled = await browser.SubmitSecondFactor(enrol, app);
        Assert.Equal(HttpStatusCode.Redirect, enrolled.StatusCode);
        using var later = fixture.NewBrowser();
        var atCode = await later.SubmitSecondFactor(await PasswordStep(later, login), app, code);
        Assert.Equal(HttpStatusCode.OK, atCode.StatusCode);
        Assert.Contains(Html(TotpModel.MalformedCodeMessage), await atCode.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, (await fixture.AccountAsync(login)).FailedSignIns);
    }

    [Theory]
    [InlineData("/Account/Totp")]
    [InlineData("/Account/EnrollTotp")]
    public async Task Without_a_password_first_the_code_pages_send_to_the_sign_in_page(string page)
    {
        using var browser = fixture.NewBrowser();

        var response = await browser.Http.GetAsync(page);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/Account/Login", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_resident_is_not_asked_for_a_code()
    {
        using var browser = fixture.NewBrowser();
        var pkce = Pkce.Create();
        var code = await browser.SignInForCode(IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword, pkce);

        var tokens = await (await browser.Http.RedeemCode(code, pkce.Verifier)).Json();

        var access = await Tokens.Validate(browser.Http, tokens.GetProperty("access_token").GetString()!);
        Assert.Equal(["pwd"], access.FindAll("amr").Select(c => c.Value));
        Assert.Equal("1", access.FindFirst("ial")?.Value);
        Assert.Equal("urn:sharedservices:ial:1", access.FindFirst("acr")?.Value);
    }

    [Fact]
    public async Task A_session_without_the_second_factor_is_sent_through_it_before_any_code()
    {
        // A resident signed in by password alone, who then becomes town staff.
        var login = await fixture.OpenAccountAsync(Password);
        using var browser = fixture.NewBrowser();
        var pkce = Pkce.Create();
        var code = await browser.SignInForCode(login, Password, pkce);
        var refreshToken = (await (await browser.Http.RedeemCode(code, pkce.Verifier)).Json()).GetProperty("refresh_token").GetString()!;
        await using (var scope = fixture.Identity.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IdentityDatabase>().Accounts.Where(a => a.LoginName == login)
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.Kind, AccountKind.TownStaff));
        }

        var again = await browser.Authorize(Pkce.Create());

        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("/Account/EnrollTotp", again.Headers.Location!.OriginalString);
        var verified = await browser.SubmitSecondFactor(again.Headers.Location, new TotpAuthenticator());
        Assert.StartsWith("/connect/authorize?", verified.Headers.Location!.OriginalString, StringComparison.Ordinal);
        OidcBrowser.CodeFrom(await browser.Http.GetAsync(verified.Headers.Location));
        await Tokens.AssertOAuthError(await browser.Http.Refresh(refreshToken), "invalid_grant");
    }

    /// <summary>Starts the code flow and gives the password; returns the second-factor page it leads to.</summary>
    private static async Task<Uri> PasswordStep(OidcBrowser browser, string login)
    {
        var challenge = await browser.Authorize(Pkce.Create());
        var signedIn = await browser.SubmitLogin(challenge.Headers.Location!, login, Password);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return signedIn.Headers.Location!;
    }

    // The message as Razor writes it (markup characters encoded, Japanese kept as text).
    private static string Html(string text) => HtmlEncoder.Create(UnicodeRanges.All).Encode(text);
}
