using System.Net;
using SharedServices.Identity.Features.Account;

using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>Wrong passwords: one message whatever was wrong, and five in a row lock the account.</summary>
public sealed class LockoutTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private const string Password = "the-right-password";

    [Fact]
    public async Task A_wrong_password_shows_the_form_again_with_the_same_message_as_an_unknown_name()
    {
        var login = await fixture.OpenAccountAsync(Password);
        using var browser = fixture.NewBrowser();

        var wrongPassword = await SignIn(browser, login, "wrong");
        var unknownName = await SignIn(browser, "nobody@test.example", "wrong");

        Assert.Contains(Html(LoginModel.WrongCredentialsMessage), wrongPassword, StringComparison.Ordinal);
        Assert.Contains(Html(LoginModel.WrongCredentialsMessage), unknownName, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", wrongPassword, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var login = await fixture.OpenAccountAsync(Password);
        using var browser = fixture.NewBrowser();

        for (var attempt = 1; attempt < 5; attempt++)
        {
            Assert.Contains(Html(LoginModel.WrongCredentialsMessage), await SignIn(browser, login, "wrong"), StringComparison.Ordinal);
        }
        Assert.Contains(Html(LoginModel.LockedOutMessage), await SignIn(browser, login, "wrong"), StringComparison.Ordinal);

        var challenge = await browser.Authorize(Pkce.Create());
        var rightPassword = await browser.SubmitLogin(challenge.Headers.Location!, login, Password);
        Assert.Equal(HttpStatusCode.OK, rightPassword.StatusCode); // the form again, no redirect to a code
        Assert.Contains(Html(LoginModel.LockedOutMessage), await rightPassword.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_right_password_before_the_fifth_failure_starts_the_count_again()
    {
        var login = await fixture.OpenAccountAsync(Password);
        using var browser = fixture.NewBrowser();
        for (var attempt = 1; attempt <= 4; attempt++)
        {
            await SignIn(browser, login, "wrong");
        }

        await browser.SignInForCode(login, Password, Pkce.Create());

        using var other = fixture.NewBrowser();
        Assert.Contains(Html(LoginModel.WrongCredentialsMessage), await SignIn(other, login, "wrong"), StringComparison.Ordinal);
    }

    private static async Task<string> SignIn(OidcBrowser browser, string login, string password)
    {
        var response = await browser.SubmitLogin(new Uri("/Account/Login", UriKind.Relative), login, password);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    // The message as Razor writes it (markup characters encoded, Japanese kept as text).
    private static string Html(string text) => System.Text.Encodings.Web.HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All).Encode(text);
}
