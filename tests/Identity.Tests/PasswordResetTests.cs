using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SharedServices.Identity.Features.Account;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>A forgotten password, end to end: the form, the mail in the SMTP sink, the link, the new password.</summary>
public sealed partial class PasswordResetTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    private const string OldPassword = "the-old-password";
    private const string NewPassword = "a-brand-new-password";

    [Fact]
    public async Task The_mailed_link_sets_a_new_password_ends_the_lockout_and_the_old_password_stops_working()
    {
        var login = await fixture.OpenAccountAsync(OldPassword);
        using var browser = fixture.NewBrowser();
        for (var attempt = 1; attempt <= 5; attempt++)
        {
            await browser.SubmitLogin(new Uri("/Account/Login", UriKind.Relative), login, "wrong");
        }
        Assert.NotNull((await fixture.FindAccountAsync(login))!.LockedOutUntil);

        var answer = await AskForLink(browser, login);
        Assert.Contains("id=\"sent\"", answer, StringComparison.Ordinal);
        var link = ResetLink(await fixture.Mail.WaitForMessageTo(login));

        var form = await browser.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains(login, await form.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var changed = await ChoosePassword(browser, link, NewPassword, NewPassword);
        Assert.Contains("id=\"changed\"", changed, StringComparison.Ordinal);

        var account = (await fixture.FindAccountAsync(login))!;
        Assert.Equal(0, account.FailedSignIns);
        Assert.Null(account.LockedOutUntil);
        await browser.SignInForCode(login, NewPassword, Pkce.Create());
        using var other = fixture.NewBrowser();
        var old = await other.SubmitLogin(new Uri("/Account/Login", UriKind.Relative), login, OldPassword);
        Assert.Contains("login-error", await old.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_login_name_gets_the_same_answer_and_no_mail()
    {
        var login = await fixture.OpenAccountAsync(OldPassword);
        var unknown = $"{Guid.NewGuid():N}@test.example";
        using var browser = fixture.NewBrowser();

        var forUnknown = await AskForLink(browser, unknown);
        var forKnown = await AskForLink(browser, login);

        Assert.Equal(Notice(forKnown), Notice(forUnknown));
        await fixture.Mail.WaitForMessageTo(login);
        // Mails leave in order: the known account's has arrived, so an unknown one's would have too.
        Assert.Empty(fixture.Mail.MessagesTo(unknown));
    }

    [Fact]
    public async Task A_link_works_once_and_a_newer_link_ends_the_older_one()
    {
        var login = await fixture.OpenAccountAsync(OldPassword);
        using var browser = fixture.NewBrowser();
        await AskForLink(browser, login);
        await AskForLink(browser, login);
        var mails = await fixture.Mail.WaitForMessagesTo(login, 2);
        var (older, newer) = (ResetLink(mails[0]), ResetLink(mails[1]));

        Assert.Equal(HttpStatusCode.Gone, (await browser.Http.GetAsync(older)).StatusCode);
        Assert.Contains("id=\"changed\"", await ChoosePassword(browser, newer, NewPassword, NewPassword), StringComparison.Ordinal);
        var again = await browser.Http.GetAsync(newer);

        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains("id=\"link-problem\"", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_expired_link_is_refused_and_changes_nothing()
    {
        var login = await fixture.OpenAccountAsync(OldPassword);
        using var browser = fixture.NewBrowser();
        var form = await browser.Http.GetAsync("/Account/ForgotPassword");
        await AskForLink(browser, login);
        var link = ResetLink(await fixture.Mail.WaitForMessageTo(login));
        var account = (await fixture.FindAccountAsync(login))!;
        await fixture.WithDatabase(db => db.PasswordResets.Where(r => r.AccountId == account.Id)
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        var expired = await browser.Http.GetAsync(link);

        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal(HttpStatusCode.Gone, expired.StatusCode);
        Assert.Contains(ResetPasswordModel.InvalidLink.Ja, await expired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(account.PasswordHash, (await fixture.FindAccountAsync(login))!.PasswordHash);
    }

    [Theory]
    [InlineData("short", "short", "10文字以上")]
    [InlineData("a-long-enough-password", "a-different-password", "一致しません")]
    [InlineData("", "", "パスワードを入力してください")]
    [InlineData("            ", "            ", "パスワードを入力してください")] // spaces only bind as no password
    public async Task A_bad_new_password_is_explained_and_changes_nothing(string password, string confirmation, string explained)
    {
        var login = await fixture.OpenAccountAsync(OldPassword);
        using var browser = fixture.NewBrowser();
        await AskForLink(browser, login);
        var link = ResetLink(await fixture.Mail.WaitForMessageTo(login));
        var before = (await fixture.FindAccountAsync(login))!.PasswordHash;

        var page = await ChoosePassword(browser, link, password, confirmation);

        Assert.Contains(explained, page, StringComparison.Ordinal);
        Assert.Contains("role=\"alert\"", page, StringComparison.Ordinal);
        Assert.Equal(before, (await fixture.FindAccountAsync(login))!.PasswordHash);
        // The link still works after the mistake.
        Assert.Contains("id=\"changed\"", await ChoosePassword(browser, link, NewPassword, NewPassword), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")]
    public async Task A_garbage_token_gets_a_clear_page_not_an_error(string token)
    {
        using var browser = fixture.NewBrowser();

        var page = await browser.Http.GetAsync($"/Account/ResetPassword?token={Uri.EscapeDataString(token)}");

        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains("id=\"link-problem\"", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_login_name_is_asked_for_again()
    {
        using var browser = fixture.NewBrowser();

        var page = await AskForLink(browser, "  ");

        Assert.Contains("id=\"login-name-error\"", page, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"sent\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_login_page_links_to_the_forgotten_password_page()
    {
        using var browser = fixture.NewBrowser();

        var login = await browser.Http.GetStringAsync("/Account/Login");

        Assert.Contains("href=\"/Account/ForgotPassword\"", login, StringComparison.Ordinal);
    }

    private static async Task<string> AskForLink(OidcBrowser browser, string loginName)
    {
        var html = await browser.Http.GetStringAsync("/Account/ForgotPassword");
        var response = await browser.Http.PostAsync("/Account/ForgotPassword", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["LoginName"] = loginName,
            ["__RequestVerificationToken"] = OidcBrowser.HiddenValue(html, "__RequestVerificationToken"),
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    internal static async Task<string> ChoosePassword(OidcBrowser browser, string link, string password, string confirmation)
    {
        var html = await browser.Http.GetStringAsync(link);
        var response = await browser.Http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Token"] = OidcBrowser.HiddenValue(html, "Token"),
            ["Password"] = password,
            ["ConfirmPassword"] = confirmation,
            ["__RequestVerificationToken"] = OidcBrowser.HiddenValue(html, "__RequestVerificationToken"),
        }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    private static string ResetLink(LocalMail.ReceivedMail mail) => ResetLinkPattern().Match(mail.Text).Value is { Length: > 0 } link
        ? link
        : throw new InvalidOperationException($"No reset link in: {mail.Text}");

    private static string Notice(string html) => NoticePattern().Match(html).Value;

    [GeneratedRegex(@"http://\S+/Account/ResetPassword\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex ResetLinkPattern();

    [GeneratedRegex("<div class=\"notice\"[^>]*>[\\s\\S]*?</div>")]
    private static partial Regex NoticePattern();
}
