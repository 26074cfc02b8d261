using System.Globalization;
using Microsoft.Playwright;
using SharedServices.Testing;
using static SharedServices.Portal.Tests.BrowserSessions;

namespace SharedServices.Portal.Tests;

/// <summary>
/// Local points (地域ポイント) through the portal in a real browser: 金山町's admin runs a campaign granted
/// when an application is approved; a resident applies, staff approve, the points arrive (over RabbitMQ)
/// on the resident's page; the resident pays a merchant at the pay page, once however often the form is
/// sent; the merchant sees the payment and refunds part of it. Enrolment, a refusal's reason, another
/// town's resident who sees none of it, a wrong merchant code; axe on every page.
/// </summary>
public sealed class PointsPagesTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static string Suffix() => Guid.NewGuid().ToString("N")[..6];

    [Fact]
    public async Task Points_granted_on_approval_reach_the_resident_who_pays_a_merchant_once_and_the_merchant_sees_and_refunds_it()
    {
        // The admin creates a campaign granted on the approval of 水道開栓 on the console, then opens it.
        var name = $"水道開栓応援ポイント {Suffix()}";
        var admin = await fixture.SignedInAsync(fixture.TownUrl("kaneyama", "/Console/Points"), TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, fixture.AdminApp);
        await Accessibility.AssertNoViolations(admin);
        await admin.CheckAsync("#c-trigger-applicationApproved");
        await admin.SelectOptionAsync("#c-procedureKey", "water-service");
        await admin.FillAsync("#c-pointsPerGrant", "1000");
        await admin.FillAsync("#c-budget", "100000");
        await admin.FillAsync("#c-expiryDays", "90");
        // Without a name: the service's message beside the field and in the summary; what was typed stays.
        await admin.GetByRole(AriaRole.Button, new() { Name = "キャンペーンを作成する" }).ClickAsync();
        await Explained(admin, () => admin.WaitForSelectorAsync("#c-name-error"));
        Assert.Equal("true", await admin.Locator("#c-name").GetAttributeAsync("aria-invalid"));
        Assert.Equal(1, await admin.Locator("#error-summary[role=alert] a[href='#c-name']").CountAsync());
        Assert.Equal("1000", await admin.Locator("#c-pointsPerGrant").InputValueAsync());
        await Accessibility.AssertNoViolations(admin);
        await admin.FillAsync("#c-name", name);
        await admin.GetByRole(AriaRole.Button, new() { Name = "キャンペーンを作成する" }).ClickAsync();
        await Explained(admin, () => admin.ReachedAsync("**done=created"));
        var row = admin.Locator("#campaigns tr").Filter(new() { HasText = name });
        Assert.Equal("準備中", (await row.Locator(".status").InnerTextAsync()).Trim());
        Assert.Equal("100,000", (await row.Locator(".budget").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(admin);
        await admin.GetByRole(AriaRole.Button, new() { Name = $"「{name}」を開始する" }).ClickAsync();
        await Explained(admin, () => admin.ReachedAsync("**done=opening"));
        Assert.Equal("実施中", (await row.Locator(".status").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(admin);

        var (merchantLogin, code) = await fixture.RegisteredMerchantAsync("かねやま商店");
        var residentLogin = await fixture.NewKaneyamaResidentAsync("金山 ポイ子");

        // The resident applies for 水道開栓 on the portal; staff approve it on the console.
        var resident = await fixture.SignedInAsync(fixture.TownUrl("kaneyama", "/Resident/Apply/water-service"), residentLogin, PortalFixture.ResidentPassword);
        await resident.FillAsync("#field-name", "金山 ポイ子");
        await resident.FillAsync("#field-nameKana", "カネヤマ ポイコ");
        await resident.FillAsync("#field-phone", "0233-52-2111");
        await resident.FillAsync("#field-email", "poiko@kaneyama.example");
        await resident.CheckAsync("#field-service-0"); // 使用開始(開栓)
        await resident.FillAsync("#field-postalCode", "999-5402");
        await resident.FillAsync("#field-address", "山形県最上郡金山町大字金山324-1");
        await resident.FillAsync("#field-startDate", DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await resident.CheckAsync("#field-payment-1"); // 納付書
        await resident.GetByRole(AriaRole.Button, new() { Name = "入力内容を確認する" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**/Review"));
        await resident.GetByRole(AriaRole.Button, new() { Name = "申請する" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**/Submitted"));
        var applicationId = new Uri(resident.Url).AbsolutePath.Split('/')[^2];

        var staff = await fixture.SignedInAsync(fixture.TownUrl("kaneyama", $"/Console/Applications/{applicationId}"), TestIdentity.TownStaffLogin, TestIdentity.TownStaffPassword, fixture.StaffApp);
        await staff.CheckAsync("#outcome-approve");
        await staff.GetByRole(AriaRole.Button, new() { Name = "結果を登録する" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync("**done=decided"));
        Assert.Equal("承認", (await staff.Locator("#status").InnerTextAsync()).Trim());

        // マイページ → 地域ポイント: the points arrive through RabbitMQ; reload until they do.
        await resident.GotoAsync(fixture.TownUrl("kaneyama", "/Resident"));
        await resident.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "地域ポイント", Exact = true }).ClickAsync();
        await resident.ReachedAsync(fixture.TownUrl("kaneyama", "/Resident/Points"));
        var balance = resident.Locator("#balances tr").Filter(new() { HasText = name });
        await Eventually.Until(async () =>
        {
            await resident.ReloadAsync();
            return await balance.CountAsync();
        }, count => count == 1, what: "the granted points on the resident's page");
        Assert.Equal("1,000 ポイント", (await balance.Locator(".balance").InnerTextAsync()).Trim());
        Assert.Contains("まで 1,000 ポイント", await balance.Locator(".expiry").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("1,000 ポイント", (await resident.Locator("#points-total").InnerTextAsync()).Trim());
        var campaign = resident.Locator("ul.campaigns li").Filter(new() { HasText = name });
        Assert.Contains("承認されると", await campaign.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await campaign.GetByRole(AriaRole.Button).CountAsync()); // nothing to apply for
        await Accessibility.AssertNoViolations(resident);

        // Staff see the grant in the campaign's figures; opening and closing are the admin's.
        await staff.GotoAsync(fixture.TownUrl("kaneyama", "/Console/Points"));
        var figures = staff.Locator("#campaigns tr").Filter(new() { HasText = name });
        Assert.Equal("1,000", (await figures.Locator(".granted").InnerTextAsync()).Trim());
        Assert.Equal("99,000", (await figures.Locator(".left").InnerTextAsync()).Trim());
        Assert.Equal(0, await figures.GetByRole(AriaRole.Button).CountAsync());
        await Accessibility.AssertNoViolations(staff);

        await resident.GetByRole(AriaRole.Link, new() { Name = "ポイントの履歴" }).ClickAsync();
        await resident.ReachedAsync(fixture.TownUrl("kaneyama", "/Resident/Points/History"));
        var granted = resident.Locator("#history tr[data-kind=granted]");
        Assert.Contains(name, await granted.InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("+1,000", await granted.InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(resident);

        // The pay page: a code of no merchant is the code field's error.
        await resident.GotoAsync(fixture.TownUrl("kaneyama", "/Resident/Points"));
        await resident.GetByRole(AriaRole.Main).GetByRole(AriaRole.Link, new() { Name = "お店でポイントを使う" }).ClickAsync();
        await resident.ReachedAsync(fixture.TownUrl("kaneyama", "/Resident/Points/Pay"));
        await Accessibility.AssertNoViolations(resident);
        await resident.FillAsync("#merchant-code", "00000000"); // well-formed (its check digit holds), nobody's
        await resident.GetByRole(AriaRole.Button, new() { Name = "お店を確認する" }).ClickAsync();
        await Explained(resident, () => resident.WaitForSelectorAsync("#merchant-code-error"));
        Assert.Contains("加盟店ではありません", await resident.Locator("#merchant-code-error").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("true", await resident.Locator("#merchant-code").GetAttributeAsync("aria-invalid"));
        Assert.Equal(1, await resident.Locator("#error-summary[role=alert] a[href='#merchant-code']").CountAsync());
        await Accessibility.AssertNoViolations(resident);
        await resident.FillAsync("#merchant-code", "1234"); // mistyped
        await resident.GetByRole(AriaRole.Button, new() { Name = "お店を確認する" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**code=1234"));
        Assert.Contains("8桁の数字", await resident.Locator("#merchant-code-error").InnerTextAsync(), StringComparison.Ordinal);

        // The right code: the shop's name to check, then the points.
        await resident.FillAsync("#merchant-code", code);
        await resident.GetByRole(AriaRole.Button, new() { Name = "お店を確認する" }).ClickAsync();
        await Explained(resident, () => resident.WaitForSelectorAsync("#merchant-name"));
        Assert.Equal("かねやま商店", (await resident.Locator("#merchant-name").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(resident);
        await resident.FillAsync("#points", "300");
        // The form sent twice (a double tap, a retry), then once more by its button: one payment.
        var sent = await resident.EvaluateAsync<string[]>("""
            async () => {
                const form = document.getElementById('pay-form');
                const data = new FormData(form);
                const first = await fetch(location.href, { method: 'POST', body: data });
                const second = await fetch(location.href, { method: 'POST', body: data });
                return [first.url, second.url];
            }
            """);
        await resident.GetByRole(AriaRole.Button, new() { Name = "ポイントで支払う" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**/Resident/Points/Receipt/**"));
        Assert.Equal([resident.Url, resident.Url], sent);
        var paymentId = (await resident.Locator("#receipt-number").InnerTextAsync()).Trim();
        Assert.Equal("かねやま商店", (await resident.Locator("#receipt-shop").InnerTextAsync()).Trim());
        Assert.Equal("300 ポイント", (await resident.Locator("#receipt-points").InnerTextAsync()).Trim());
        Assert.Equal("700 ポイント", (await resident.Locator("#receipt-left").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(resident);

        // The merchant signs in at the prefecture's address and sees the payment; refunds part of it.
        var merchant = await fixture.SignedInAsync(fixture.PrefectureUrl("/Merchant"), merchantLogin, PortalFixture.ResidentPassword);
        Assert.Equal(code, (await merchant.Locator("#merchant-code").InnerTextAsync()).Trim());
        Assert.Equal("かねやま商店", (await merchant.Locator("#merchant-name").InnerTextAsync()).Trim());
        var payments = merchant.Locator("table.payments[data-town='063614'] tbody tr");
        Assert.Equal(1, await payments.CountAsync());
        var payment = merchant.Locator($"tr[data-payment='{paymentId}']");
        Assert.Equal("300", (await payment.Locator(".points").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(merchant);
        await payment.Locator("input[name=points]").FillAsync("301"); // more than was paid
        await payment.GetByRole(AriaRole.Button, new() { Name = "返金する" }).ClickAsync();
        await Explained(merchant, () => merchant.WaitForSelectorAsync($"#refund-{paymentId}-error"));
        await Accessibility.AssertNoViolations(merchant);
        await payment.Locator("input[name=points]").FillAsync("100");
        await payment.GetByRole(AriaRole.Button, new() { Name = "返金する" }).ClickAsync();
        await Explained(merchant, () => merchant.ReachedAsync("**done=refunded"));
        Assert.Equal("100", (await payment.Locator(".refunded").InnerTextAsync()).Trim());

        await resident.GotoAsync(fixture.TownUrl("kaneyama", "/Resident/Points"));
        Assert.Equal("800 ポイント", (await resident.Locator("#points-total").InnerTextAsync()).Trim());
        await resident.GotoAsync(fixture.TownUrl("kaneyama", "/Resident/Points/History"));
        Assert.Equal(["refunded", "paid", "granted"],
            (await resident.Locator("#history tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.kind)")));

        // Another town's resident finds no such payment, at their own town.
        var okura = await fixture.SignedInAsync(fixture.TownUrl("okura", "/Resident/Points"), PortalFixture.OkuraResidentLogin, PortalFixture.ResidentPassword);
        var receipt = await okura.GotoAsync(fixture.TownUrl("okura", $"/Resident/Points/Receipt/{paymentId}"));
        Assert.Equal(404, receipt!.Status);
        Assert.Equal(1, await okura.Locator("#problem[role=alert]").CountAsync());
        Assert.Equal(0, await okura.Locator("#receipt-number").CountAsync());
    }

    [Fact]
    public async Task A_resident_enrols_on_the_page_sees_why_another_campaign_is_not_for_them_and_another_towns_resident_sees_neither()
    {
        var open = $"かねやま応援ポイント {Suffix()}";
        var verified = $"マイナ確認ポイント {Suffix()}";
        await fixture.OpenedCampaignAsync(open, points: 500);
        await fixture.OpenedCampaignAsync(verified, eligibility: new { minAssurance = 3 });
        var login = await fixture.NewKaneyamaResidentAsync("金山 申子");

        var resident = await fixture.SignedInAsync(fixture.TownUrl("kaneyama", "/Resident/Points"), login, PortalFixture.ResidentPassword);
        Assert.Equal("まだポイントはありません。", (await resident.Locator("main p").Filter(new() { HasText = "まだポイント" }).InnerTextAsync()).Trim());
        var notForMe = resident.Locator("ul.campaigns li").Filter(new() { HasText = verified });
        Assert.Contains("マイナンバーカード", await notForMe.Locator(".refusal").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await notForMe.GetByRole(AriaRole.Button).CountAsync());
        await Accessibility.AssertNoViolations(resident);

        await resident.GetByRole(AriaRole.Button, new() { Name = $"「{open}」に申し込む" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**done=enrolled"));
        Assert.Equal("500 ポイント", (await resident.Locator("#balances tr").Filter(new() { HasText = open }).Locator(".balance").InnerTextAsync()).Trim());
        Assert.Contains("申し込み済み", await resident.Locator("ul.campaigns li").Filter(new() { HasText = open }).InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(resident);
        await resident.GotoAsync(fixture.TownUrl("kaneyama", "/Resident/Points?lang=en"));
        Assert.Equal("Local points", (await resident.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("My Number Card", await resident.Locator("ul.campaigns li").Filter(new() { HasText = verified }).Locator(".refusal").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(resident);

        // 大蔵村 runs points too, but none of 金山町's campaigns reach its residents.
        var okura = await fixture.SignedInAsync(fixture.TownUrl("okura", "/Resident/Points"), PortalFixture.OkuraResidentLogin, PortalFixture.ResidentPassword);
        var page = await okura.Locator("main").InnerTextAsync();
        Assert.DoesNotContain(open, page, StringComparison.Ordinal);
        Assert.DoesNotContain(verified, page, StringComparison.Ordinal);
        Assert.Contains("いま参加できるキャンペーンはありません。", page, StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(okura);

        // Nor its staff's console.
        var okuraStaff = await fixture.SignedInAsync(fixture.TownUrl("okura", "/Console/Points"), PortalFixture.OkuraStaffLogin, PortalFixture.OkuraStaffPassword, fixture.OkuraStaffApp);
        var console = await okuraStaff.Locator("main").InnerTextAsync();
        Assert.DoesNotContain(open, console, StringComparison.Ordinal);
        Assert.DoesNotContain(verified, console, StringComparison.Ordinal);
        Assert.Equal(0, await okuraStaff.GetByRole(AriaRole.Button, new() { Name = $"「{open}」を開始する" }).CountAsync());
        await Accessibility.AssertNoViolations(okuraStaff);
    }

    [Fact]
    public async Task Staff_issue_a_printed_card_as_a_pdf_letter_and_a_card_number_the_town_never_issued_is_explained()
    {
        var staff = await fixture.SignedInAsync(fixture.TownUrl("kaneyama", "/Console/Points"), TestIdentity.TownStaffLogin, TestIdentity.TownStaffPassword, fixture.StaffApp);
        await staff.GetByRole(AriaRole.Link, new() { Name = "ポイントカードの発行" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync("**/Console/Points/Cards"));
        await Accessibility.AssertNoViolations(staff);

        // Without an id: the field's error, nothing issued.
        await staff.GetByRole(AriaRole.Button, new() { Name = "カードを発行してPDFを開く" }).ClickAsync();
        await Explained(staff, () => staff.WaitForSelectorAsync("#card-resident-error"));
        Assert.Equal("true", await staff.Locator("#card-resident").GetAttributeAsync("aria-invalid"));
        await Accessibility.AssertNoViolations(staff);

        await staff.FillAsync("#card-resident", $"kaneyama-jumin-{Suffix()}");
        var download = await staff.RunAndWaitForDownloadAsync(() => staff.GetByRole(AriaRole.Button, new() { Name = "カードを発行してPDFを開く" }).ClickAsync());
        var pdf = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Assert.Equal("%PDF-1.4", System.Text.Encoding.ASCII.GetString(pdf[..8]));
        Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);

        await staff.FillAsync("#card-number", "0636 1400 0000 0000");
        await staff.GetByRole(AriaRole.Button, new() { Name = "このカードを止める" }).ClickAsync();
        await Explained(staff, () => staff.WaitForSelectorAsync("#card-number-error"));
        Assert.Contains("この番号のカードはこの市町村にありません", await staff.Locator("#card-number-error").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(staff);
    }
}
