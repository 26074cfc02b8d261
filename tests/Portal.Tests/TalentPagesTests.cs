using System.Globalization;
using Microsoft.Playwright;
using SharedServices.Testing;
using static SharedServices.Portal.Tests.BrowserSessions;

namespace SharedServices.Portal.Tests;

/// <summary>
/// Talent sharing (デジタル人材シェアリング) through the portal in a real browser: a person sends a profile on
/// /Talent and the prefecture approves it; 金山町's admin posts a need and sees the person ranked with the
/// reason for each part of the score; the prefecture proposes them, the town asks them, they accept and
/// the hours are booked; they log a month's hours, the town approves them and the cost reports (the town's
/// and the prefecture's) count them. 大蔵村 never sees 金山町's need or costs; the talent's sign-in has no town's
/// pages. axe on every page.
/// </summary>
public sealed class TalentPagesTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    /// <summary>The next twelve months in Japan, as the profile form shows them (yyyy-MM).</summary>
    private static IEnumerable<string> NextMonths()
    {
        var now = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9));
        var first = new DateOnly(now.Year, now.Month, 1);
        return Enumerable.Range(0, 12).Select(i => first.AddMonths(i).ToString("yyyy-MM", CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_registered_person_is_ranked_with_reasons_proposed_asked_by_the_town_accepts_and_their_approved_hours_are_costed()
    {
        // The person sends their profile; without a name the form says so beside the field and keeps the rest.
        var name = $"山形 人材{Suffix()}";
        var email = $"{Suffix()}@talent.example";
        var login = await fixture.NewTalentAsync(name);
        var person = await fixture.SignedInAsync(fixture.PrefectureUrl("/Talent"), login, PortalFixture.ResidentPassword);
        Assert.Contains("まだ登録されていません", await person.Locator("#profile-status").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(person);
        await person.SelectOptionAsync("#p-role", "dx-leader");
        await person.SelectOptionAsync("#p-skill-bpr", "4");
        await person.SelectOptionAsync("#p-skill-project-management", "3");
        await person.FillAsync("#p-publicSectorYears", "5");
        foreach (var available in NextMonths())
        {
            await person.FillAsync($"#p-hours-{available}", "40");
        }
        await person.CheckAsync("#p-onSite");
        await person.FillAsync("#p-region", "山形県 最上地域");
        await person.FillAsync("#p-ratePerHour", "5000");
        await person.FillAsync("#p-contact-email", email);
        await person.GetByRole(AriaRole.Button, new() { Name = "プロフィールを送る" }).ClickAsync();
        await Explained(person, () => person.WaitForSelectorAsync("#p-name-error"));
        Assert.Equal("true", await person.Locator("#p-name").GetAttributeAsync("aria-invalid"));
        Assert.Equal(1, await person.Locator("#error-summary[role=alert] a[href='#p-name']").CountAsync());
        Assert.Equal("5000", await person.Locator("#p-ratePerHour").InputValueAsync());
        await Accessibility.AssertNoViolations(person);
        await person.FillAsync("#p-name", name);
        await person.GetByRole(AriaRole.Button, new() { Name = "プロフィールを送る" }).ClickAsync();
        await Explained(person, () => person.ReachedAsync("**done=submitted"));
        Assert.Contains("承認待ち", await person.Locator("#profile-status").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(person);

        // The prefecture approves it.
        var op = await fixture.SignedInAsync(fixture.PrefectureUrl("/Prefecture/Talent"), PortalFixture.OperatorLogin, PortalFixture.OperatorPassword, fixture.OperatorApp);
        await Accessibility.AssertNoViolations(op);
        await op.GetByRole(AriaRole.Button, new() { Name = $"「{name}」さんを承認する" }).ClickAsync();
        await Explained(op, () => op.ReachedAsync("**done=approved"));
        Assert.Equal(0, await op.Locator("#awaiting tr").Filter(new() { HasText = name }).CountAsync());

        // 金山町's admin sees the person in the registry (no contact yet) and posts a need.
        var title = $"業務改革の伴走支援 {Suffix()}";
        var admin = await fixture.SignedInAsync(fixture.TownUrl("kaneyama", "/Console/Talent"), TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, fixture.AdminApp);
        var listed = admin.Locator("#registry tr").Filter(new() { HasText = name });
        Assert.Equal("（担当が決まると表示）", (await listed.Locator(".contact").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(admin);
        await admin.FillAsync("#n-title", title);
        await admin.FillAsync("#n-description", "窓口業務の見直しと電子申請の導入");
        await admin.SelectOptionAsync("#n-skill-bpr", "3");
        await admin.SelectOptionAsync("#n-skill-project-management", "3");
        await admin.FillAsync("#n-hoursPerMonth", "20");
        await admin.FillAsync("#n-onSiteDaysPerMonth", "2");
        await admin.FillAsync("#n-budgetPerMonth", "300000");
        await admin.GetByRole(AriaRole.Button, new() { Name = "募集を登録する" }).ClickAsync();
        await Explained(admin, () => admin.ReachedAsync("**done=posted"));
        var needUrl = admin.Url.Split('?')[0];
        var needId = new Uri(needUrl).AbsolutePath.Split('/')[^1];
        Assert.Equal(title, (await admin.Locator("h1").InnerTextAsync()).Trim());

        // Ranked with the five parts of the score and why: every required skill at the level, free hours, on site, within budget.
        var match = admin.Locator("#matches > li").Filter(new() { HasText = name });
        Assert.Equal("スコア 100 / 100", (await match.Locator(".score").InnerTextAsync()).Trim());
        Assert.Equal(5, await match.Locator("tbody tr").CountAsync());
        Assert.Equal("必須スキルをすべて満たす", (await match.Locator("tr[data-criterion=skills] .why").InnerTextAsync()).Trim());
        Assert.Contains("月額 100,000円", await match.Locator("tr[data-criterion=budget] .why").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("40 / 40", (await match.Locator("tr[data-criterion=skills] td").First.InnerTextAsync()).Trim());
        Assert.Contains("まだ提案はありません", await admin.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(admin);

        // The prefecture proposes the person for the need.
        await op.GotoAsync(fixture.PrefectureUrl("/Prefecture/Talent"));
        var need = op.Locator($"section[data-need='{needId}']");
        Assert.Contains(title, await need.Locator("h3").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(op);
        await need.GetByRole(AriaRole.Button, new() { Name = $"「{name}」さんを提案する" }).ClickAsync();
        await Explained(op, () => op.ReachedAsync("**done=proposed"));
        Assert.Equal("提案済み", (await op.Locator($"section[data-need='{needId}'] li").Filter(new() { HasText = name }).Locator(".proposed").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(op);

        // The town's admin asks them.
        await admin.GotoAsync(needUrl);
        await admin.GetByRole(AriaRole.Button, new() { Name = $"「{name}」さんに依頼する" }).ClickAsync();
        await Explained(admin, () => admin.ReachedAsync("**done=accepted"));
        Assert.Equal("依頼済み（ご本人の回答待ち）", (await admin.Locator("#proposals tr").Filter(new() { HasText = name }).Locator(".answer").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(admin);

        // The person accepts on their page: the hours are booked.
        await person.GotoAsync(fixture.PrefectureUrl("/Talent"));
        Assert.Contains("承認済み", await person.Locator("#profile-status").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(person);
        await person.GetByRole(AriaRole.Button, new() { Name = $"「{title}」を引き受ける" }).ClickAsync();
        await Explained(person, () => person.ReachedAsync("**done=accepted"));
        Assert.Equal(1, await person.Locator("section.assignment").Filter(new() { HasText = title }).CountAsync());
        Assert.Equal(0, await person.Locator("#offers").CountAsync());
        await Accessibility.AssertNoViolations(person);

        // The town has its assignment and now sees how to reach the person.
        await admin.GotoAsync(needUrl);
        Assert.Equal("決定", (await admin.Locator("#need-status").InnerTextAsync()).Trim());
        await admin.GotoAsync(fixture.TownUrl("kaneyama", "/Console/Talent"));
        Assert.Equal(1, await admin.Locator("section.assignment").Filter(new() { HasText = title }).CountAsync());
        Assert.Contains(email, await admin.Locator("#registry tr").Filter(new() { HasText = name }).Locator(".contact").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(admin);

        // The person logs the first month's hours; the town's admin approves them; the cost report counts them.
        var month = NextMonths().ElementAt(1);
        var monthName = $"{int.Parse(month[..4], CultureInfo.InvariantCulture)}年{int.Parse(month[5..], CultureInfo.InvariantCulture)}月";
        await person.GotoAsync(fixture.PrefectureUrl("/Talent"));
        var sheet = person.Locator("section.assignment").Filter(new() { HasText = title }).Locator($"tr[data-month='{month}']");
        Assert.Equal("未報告", (await sheet.Locator(".state").InnerTextAsync()).Trim());
        await sheet.Locator("input[name=hours]").FillAsync("20");
        await sheet.Locator("input[name=onSiteDays]").FillAsync("2");
        await sheet.GetByRole(AriaRole.Button, new() { Name = $"{monthName}分を報告する" }).ClickAsync();
        await Explained(person, () => person.ReachedAsync("**done=logged**"));
        Assert.Equal("承認待ち", (await sheet.Locator(".state").InnerTextAsync()).Trim());
        Assert.Equal("20", await sheet.Locator("input[name=hours]").InputValueAsync());
        await Accessibility.AssertNoViolations(person);

        await admin.GotoAsync(fixture.TownUrl("kaneyama", "/Console/Talent"));
        var logged = admin.Locator("section.assignment").Filter(new() { HasText = title }).Locator($"tr[data-month='{month}']");
        Assert.Equal("承認待ち", (await logged.Locator(".state").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(admin);
        await logged.GetByRole(AriaRole.Button, new() { Name = $"{name}さんの{monthName}分を承認する" }).ClickAsync();
        await Explained(admin, () => admin.ReachedAsync("**done=approved**"));
        Assert.Equal("承認済み", (await logged.Locator(".state").InnerTextAsync()).Trim());
        await admin.GetByRole(AriaRole.Link, new() { Name = "人材活用の経費" }).ClickAsync();
        await Explained(admin, () => admin.ReachedAsync("**/Console/Talent/Costs"));
        await admin.FillAsync("#month", month);
        await admin.GetByRole(AriaRole.Button, new() { Name = "表示する" }).ClickAsync();
        await Explained(admin, () => admin.ReachedAsync($"**month={month}"));
        var cost = admin.Locator("#costs tbody tr").Filter(new() { HasText = name });
        Assert.Equal("20", (await cost.Locator(".hours").InnerTextAsync()).Trim());
        Assert.Equal("100,000円", (await cost.Locator(".cost").InnerTextAsync()).Trim());   // 20 h × 5,000円
        Assert.Equal("50%", (await cost.Locator(".rate").InnerTextAsync()).Trim());          // procured jointly with the prefecture
        Assert.Equal("50,000円", (await cost.Locator(".net").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(admin);

        // The prefecture's summary has the person's cost, all of it 金山町's.
        await op.GotoAsync(fixture.PrefectureUrl($"/Prefecture/Talent/Costs?month={month}"));
        var shared = op.Locator("#person-costs tbody tr").Filter(new() { HasText = name });
        Assert.Equal("100,000円", (await shared.Locator(".cost").InnerTextAsync()).Trim());
        Assert.Contains("金山町 20時間（100%）100,000円", await shared.Locator(".split").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(op);

        // 大蔵村 takes part too, but never sees 金山町's need, its assignment, or the person's contact.
        var okura = await fixture.SignedInAsync(fixture.TownUrl("okura", "/Console/Talent"), PortalFixture.OkuraStaffLogin, PortalFixture.OkuraStaffPassword, fixture.OkuraStaffApp);
        var console = await okura.Locator("main").InnerTextAsync();
        Assert.DoesNotContain(title, console, StringComparison.Ordinal);
        Assert.DoesNotContain(email, console, StringComparison.Ordinal);
        Assert.Contains(name, console, StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(okura);
        var response = await okura.GotoAsync(fixture.TownUrl("okura", $"/Console/Talent/Need/{needId}"));
        Assert.Equal(404, response!.Status);
        Assert.DoesNotContain(title, await okura.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(okura);
        await okura.GotoAsync(fixture.TownUrl("okura", $"/Console/Talent/Costs?month={month}"));
        Assert.Equal(0, await okura.Locator("#costs").CountAsync());
        Assert.DoesNotContain(name, await okura.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(okura);
    }

    [Fact]
    public async Task A_talent_account_has_its_page_at_the_prefecture_and_no_town_lets_it_sign_in()
    {
        var login = await fixture.NewTalentAsync($"人材 {Suffix()}");
        var page = await fixture.NewPageAsync();
        await page.GotoAsync(fixture.TownUrl("kaneyama", "/Console/Talent"));
        await Explained(page, () => page.WaitForSelectorAsync("input[name=LoginName]"));
        await SignInPages.SubmitLogin(page, login, PortalFixture.ResidentPassword);
        await Explained(page, () => page.ReachedAsync("**/signin-failed?reason=talent-account"));
        Assert.Contains("県のページ", await page.Locator("main [role=alert]").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(page);

        // At the prefecture's address it has its page, in English too.
        var talent = await fixture.SignedInAsync(fixture.PrefectureUrl("/Talent"), login, PortalFixture.ResidentPassword);
        await talent.GotoAsync(fixture.PrefectureUrl("/Talent?lang=en"));
        Assert.Equal("Shared digital talent", (await talent.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("not registered yet", await talent.Locator("#profile-status").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(talent);

        // Town staff are not let into the talent's page, nor operators (it is the talent's own).
        var op = await fixture.SignedInAsync(fixture.PrefectureUrl("/Prefecture"), PortalFixture.OperatorLogin, PortalFixture.OperatorPassword, fixture.OperatorApp);
        var denied = await op.GotoAsync(fixture.PrefectureUrl("/Talent"));
        Assert.Contains("/access-denied", op.Url, StringComparison.Ordinal);
        Assert.NotNull(denied);
    }
}
