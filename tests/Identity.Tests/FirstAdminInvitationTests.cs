using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Contracts.Tenancy;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Features.Account;
using SharedServices.LocalMail;
using SharedServices.Tenancy;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>
/// A town onboarded with a first administrator: the onboarding service announces it over RabbitMQ,
/// the identity service mails an invitation (to the SMTP sink), and its link opens the account.
/// </summary>
[Collection(OnboardedTowns.Name)]
public sealed partial class FirstAdminInvitationTests(TownsFixture fixture)
{
    private const string Password = "kaneyama-admin-password";

    [Fact]
    public async Task Onboarding_a_town_with_a_first_admin_mails_an_invitation_whose_link_opens_a_townAdmin_account()
    {
        var email = $"admin-{Guid.NewGuid():N}@mogami.example";
        await fixture.Onboard("063622", "mogami", "Mogami Town", new { email, displayName = "最上 一郎" });

        var mail = await fixture.Mail.WaitForMessageTo(email);
        Assert.Contains("最上町", mail.Message.Subject, StringComparison.Ordinal);
        Assert.Contains("Mogami Town", mail.Text, StringComparison.Ordinal); // English below the Japanese
        Assert.True(mail.Text.IndexOf("最上 一郎 様", StringComparison.Ordinal) < mail.Text.IndexOf("Dear", StringComparison.Ordinal));
        var link = InvitationLink(mail);
        using var browser = fixture.NewBrowser();
        var page = await browser.Http.GetStringAsync(link);
        Assert.Contains("最上町", page, StringComparison.Ordinal);
        Assert.Contains(email, page, StringComparison.Ordinal);

        var accepted = await PasswordResetTests.ChoosePassword(browser, link, Password, Password);

        Assert.Contains("id=\"accepted\"", accepted, StringComparison.Ordinal);
        var account = (await fixture.FindAccountAsync(email))!;
        Assert.Equal(AccountKind.TownAdmin, account.Kind);
        Assert.Equal("063622", account.TenantCode);
        Assert.Equal("最上 一郎", account.DisplayName);
        // Signs in to the town (if MFA is later required of admins, this becomes a check of the password alone).
        using var portal = fixture.NewBrowser();
        await portal.SignInAt("063622", email, Password);
        var again = await browser.Http.GetAsync(link);
        Assert.Equal(HttpStatusCode.Gone, again.StatusCode);
        Assert.Contains(InvitationModel.UsedLink.Ja, await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_same_event_delivered_again_sends_no_second_invitation()
    {
        var email = $"admin-{Guid.NewGuid():N}@funagata.example";
        await fixture.Onboard("063631", "funagata", "Funagata Town", new { email, displayName = "舟形 花子" });
        await fixture.Mail.WaitForMessageTo(email);

        // The event again, as a relay that published twice would: another message id, the same town.
        var town = (await fixture.Operator.GetFromJsonAsync<TenantSnapshot>("/operator/municipalities/063631"))!;
        var bus = fixture.Identity.Services.GetRequiredService<IBus>();
        using (CurrentTenant.Change(Testing.TestEnvironment.PrefectureCode))
        {
            await bus.Publish(new TenantOnboarded(town, new TenantAdmin(email, "舟形 花子")));
            await bus.Publish(new TenantOnboarded(town, new TenantAdmin(email, "舟形 花子")));
        }
        // No message says "nothing was sent": wait until a town onboarded afterwards has had its
        // invitation, and a little more, then count.
        var marker = $"admin-{Guid.NewGuid():N}@sakegawa.example";
        await fixture.Onboard("063665", "sakegawa", "Sakegawa Village", new { email = marker, displayName = "鮭川 次郎" });
        await fixture.Mail.WaitForMessageTo(marker);
        await Task.Delay(TimeSpan.FromSeconds(2));

        Assert.Single(fixture.Mail.MessagesTo(email));
        Assert.Equal(1, await fixture.WithDatabase(db => db.FirstAdminInvitations.CountAsync(i => i.TenantCode == "063631")));
    }

    [Fact]
    public async Task An_expired_invitation_is_refused_and_creates_nothing()
    {
        var email = $"admin-{Guid.NewGuid():N}@mamurogawa.example";
        await fixture.Onboard("063649", "mamurogawa", "Mamurogawa Town", new { email, displayName = "真室川 三郎" });
        var link = InvitationLink(await fixture.Mail.WaitForMessageTo(email));
        await fixture.WithDatabase(db => db.FirstAdminInvitations.Where(i => i.TenantCode == "063649")
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
        using var browser = fixture.NewBrowser();

        var page = await browser.Http.GetAsync(link);
        // A form posted anyway (antiforgery token from another page of the same browser) is refused too.
        var antiforgery = OidcBrowser.HiddenValue(await browser.Http.GetStringAsync("/Account/ForgotPassword"), "__RequestVerificationToken");
        var posted = await browser.Http.PostAsync(link, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Password"] = Password, ["ConfirmPassword"] = Password, ["__RequestVerificationToken"] = antiforgery,
        }));

        Assert.Equal(HttpStatusCode.Gone, page.StatusCode);
        Assert.Contains(InvitationModel.ExpiredLink.Ja, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Gone, posted.StatusCode);
        Assert.Null(await fixture.FindAccountAsync(email));
    }

    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789x")]
    public async Task An_unknown_invitation_link_gets_a_clear_page(string token)
    {
        using var browser = fixture.NewBrowser();

        var page = await browser.Http.GetAsync($"/Account/Invitation?token={Uri.EscapeDataString(token)}");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Contains(InvitationModel.UnknownLink.Ja, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("short", "short", "10文字以上")]
    [InlineData("long-enough-password", "another-password!", "一致しません")]
    [InlineData("", "", "パスワードを入力してください")]
    public async Task A_bad_password_is_explained_creates_nothing_and_the_link_still_works(string password, string confirmation, string explained)
    {
        var email = $"admin-{Guid.NewGuid():N}@test.example";
        var link = await InviteDirectly(email);
        using var browser = fixture.NewBrowser();

        var page = await PasswordResetTests.ChoosePassword(browser, link, password, confirmation);

        Assert.Contains(explained, page, StringComparison.Ordinal);
        Assert.Null(await fixture.FindAccountAsync(email));
        Assert.Contains("id=\"accepted\"", await PasswordResetTests.ChoosePassword(browser, link, Password, Password), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invitation_for_an_address_that_already_has_an_account_says_so_and_stays_open()
    {
        var existing = await fixture.OpenAccountAsync("some-password-1");
        var link = await InviteDirectly(existing);
        using var browser = fixture.NewBrowser();

        var page = await PasswordResetTests.ChoosePassword(browser, link, Password, Password);

        Assert.Contains(InvitationModel.AccountExists.Ja, page, StringComparison.Ordinal);
        Assert.Equal(AccountKind.Resident, (await fixture.FindAccountAsync(existing))!.Kind);
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync(link)).StatusCode);
    }

    // An invitation stored straight in the database, for the rules of the page itself (one per town code).
    private async Task<string> InviteDirectly(string email)
    {
        var (token, hash) = OneTimeToken.New();
        var code = UnusedTownCode();
        await fixture.WithDatabase(async db =>
        {
            db.FirstAdminInvitations.Add(FirstAdminInvitation.Issue(code, email, "テスト 管理者", hash, DateTimeOffset.UtcNow));
            return await db.SaveChangesAsync();
        });
        return new Uri(fixture.Address, $"/Account/Invitation?token={token}").ToString();
    }

    private static int _nextCode = 50;

    // Codes of this prefecture (06) that no test onboards: 069nn with its check digit.
    private static string UnusedTownCode()
    {
        var first5 = $"069{Interlocked.Increment(ref _nextCode):00}";
        return first5 + MunicipalityCode.CheckDigit(first5);
    }

    private static string InvitationLink(ReceivedMail mail) => InvitationLinkPattern().Match(mail.Text).Value is { Length: > 0 } link
        ? link
        : throw new InvalidOperationException($"No invitation link in: {mail.Text}");

    [GeneratedRegex(@"http://\S+/Account/Invitation\?token=[A-Za-z0-9_%-]+")]
    private static partial Regex InvitationLinkPattern();
}
