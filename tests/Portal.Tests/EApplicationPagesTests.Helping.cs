using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace SharedServices.Portal.Tests;

/// <summary>
/// Registered helpers (支援者) and proxy application (代理申請) through the portal: a resident asks to
/// become a helper, staff approve them on the console, a resident authorises them by their code, the
/// helper applies for that resident with the resident's own form and a file; staff revoke the helper
/// and the helper's next step is refused. Nobody else, in this town or another, reaches the helper's
/// pages' data.
/// </summary>
public sealed partial class EApplicationPagesTests
{
    private const string Helping = "/Resident/Helping";
    private const string StaffHelpers = "/Console/Helpers";

    [Fact]
    public async Task A_helper_asks_staff_approve_a_resident_authorises_the_helper_applies_for_them_and_a_revocation_stops_the_next_step()
    {
        const string name = "代理 京子";
        var estimate = Pdf("estimate by the helper");
        var helper = await SignedInResident("/Resident", await fixture.NewKaneyamaResidentAsync(name));

        // マイページ → 支援者として代わりに申請する: not a helper yet, no one to act for, the form to ask.
        await helper.GetByRole(AriaRole.Link, new() { Name = "支援者として代わりに申請する" }).ClickAsync();
        await helper.ReachedAsync(fixture.TownUrl("kaneyama", Helping));
        Assert.Contains("登録された支援者ではない", await helper.Locator("#no-residents").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(helper);

        // Asked with nothing typed: the service's messages beside the fields and in the summary.
        var ask = helper.GetByRole(AriaRole.Button, new() { Name = "支援者の登録を申し込む" });
        await ask.ClickAsync();
        await Explained(helper, () => helper.WaitForSelectorAsync("#error-summary"));
        Assert.Equal(1, await helper.Locator("#error-summary a[href='#helper-name']").CountAsync());
        Assert.Equal(1, await helper.Locator("#error-summary a[href='#organisation']").CountAsync());
        Assert.Equal("true", await helper.Locator("#helper-name").GetAttributeAsync("aria-invalid"));
        await Accessibility.AssertNoViolations(helper);

        await helper.FillAsync("#helper-name", name);
        await helper.FillAsync("#organisation", "金山町社会福祉協議会");
        await ask.ClickAsync();
        await Explained(helper, () => helper.ReachedAsync("**done=asked"));
        Assert.Contains("承認をお待ちください", await helper.Locator("#registration-status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await ask.CountAsync());
        await Accessibility.AssertNoViolations(helper);

        // Staff: console → 支援者の登録, the requests awaiting approval; approve: the code is shown.
        var staff = await SignedInStaff("/Console");
        await staff.GetByRole(AriaRole.Link, new() { Name = "支援者の登録（代理申請）" }).ClickAsync();
        await staff.ReachedAsync(fixture.TownUrl("kaneyama", StaffHelpers));
        await Accessibility.AssertNoViolations(staff);
        await staff.SelectOptionAsync("#filter-status", "Pending");
        await staff.GetByRole(AriaRole.Button, new() { Name = "この条件で表示する" }).ClickAsync();
        await staff.ReachedAsync("**status=Pending**");
        var pending = staff.Locator("ul.helpers > li").Filter(new() { HasText = name });
        Assert.Equal("承認待ち", (await pending.Locator(".helper-status").InnerTextAsync()).Trim());
        await pending.GetByRole(AriaRole.Button, new() { Name = $"{name} さんを支援者として承認する" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync("**done=approved**"));
        var notice = await staff.Locator("[role=status]").InnerTextAsync();
        var code = Regex.Match(notice, @"\d{6}").Value;
        Assert.Matches(@"^\d{6}$", code);
        Assert.Equal(0, await pending.CountAsync()); // no longer awaiting approval
        await Accessibility.AssertNoViolations(staff);
        await staff.GotoAsync(fixture.TownUrl("kaneyama", $"{StaffHelpers}?status=Registered"));
        var registered = staff.Locator("ul.helpers > li").Filter(new() { HasText = name });
        Assert.Equal(code, (await registered.Locator(".helper-code").InnerTextAsync()).Trim());
        // Approved twice (another member of staff was first): the service's 409 above the list as it is now.
        var helperId = await registered.GetAttributeAsync("data-helper");
        Assert.Equal(409, await PostAsync(staff, fixture.TownUrl("kaneyama", $"{StaffHelpers}?handler=Approve&id={Uri.EscapeDataString(helperId!)}"), []));

        // The helper sees their code; 金山 花子 authorises them by it.
        await helper.ReloadAsync();
        Assert.Equal(code, (await helper.Locator("#helper-code").InnerTextAsync()).Trim());
        Assert.Contains("いま委任している住民の方はいません", await helper.Locator("#no-residents").InnerTextAsync(), StringComparison.Ordinal);
        var resident = await SignedInResident("/Resident/Helpers");
        await resident.FillAsync("#helper-code", code);
        await resident.GetByRole(AriaRole.Button, new() { Name = "この支援者に委任する" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**done=authorised"));

        // The helper starts an application for her: the renovation subsidy, with its estimate.
        await helper.GotoAsync(fixture.TownUrl("kaneyama", Helping));
        Assert.Contains("金山 花子", await helper.Locator("ul.authorisations").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(helper);
        // Nothing chosen, then no procedure: each message beside its choice and in the summary.
        await helper.GetByRole(AriaRole.Button, new() { Name = "申請の入力を始める" }).ClickAsync();
        await Explained(helper, () => helper.WaitForSelectorAsync("#resident-error"));
        Assert.Equal(1, await helper.Locator("#error-summary a[href='#resident']").CountAsync());
        await helper.SelectOptionAsync("#resident", new SelectOptionValue { Label = "金山 花子" });
        await helper.GetByRole(AriaRole.Button, new() { Name = "申請の入力を始める" }).ClickAsync();
        await Explained(helper, () => helper.WaitForSelectorAsync("#procedure-error"));
        Assert.Equal(1, await helper.Locator("#error-summary a[href='#procedure']").CountAsync());
        Assert.Equal("true", await helper.Locator("#procedure").GetAttributeAsync("aria-invalid"));
        Assert.Equal("金山 花子", await helper.Locator("#resident option:checked").InnerTextAsync()); // what was chosen is kept
        await Accessibility.AssertNoViolations(helper);
        await helper.SelectOptionAsync("#procedure", "renovation-subsidy");
        await helper.GetByRole(AriaRole.Button, new() { Name = "申請の入力を始める" }).ClickAsync();
        await Explained(helper, () => helper.ReachedAsync($"**{Helping}/*/Edit"));
        var id = new Uri(helper.Url).AbsolutePath.Split('/')[^2];
        Assert.Equal("住宅リフォーム補助金 交付申請", (await helper.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal("金山 花子", (await helper.Locator("#applicant").InnerTextAsync()).Trim());
        Assert.Equal("multipart/form-data", await helper.Locator("main form[method=post]").First.GetAttributeAsync("enctype"));
        await Accessibility.AssertNoViolations(helper);

        await helper.FillAsync("#field-name", "金山 花子");
        await helper.SetInputFilesAsync("#field-estimate", new FilePayload { Name = "見積書.pdf", MimeType = "application/pdf", Buffer = estimate });
        await helper.GetByRole(AriaRole.Button, new() { Name = "下書きを保存する" }).ClickAsync();
        await Explained(helper, () => helper.ReachedAsync($"**{Helping}/{id}/Edit?saved=True"));
        Assert.Equal(["見積書.pdf"], (await helper.Locator("[data-field=estimate] .file-name").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal("金山 花子", await helper.Locator("#field-name").InputValueAsync());
        await Accessibility.AssertNoViolations(helper);

        await helper.GetByRole(AriaRole.Button, new() { Name = "入力内容を確認する" }).ClickAsync();
        await Explained(helper, () => helper.ReachedAsync($"**{Helping}/{id}/Review"));
        Assert.Contains("見積書.pdf", await helper.Locator("[data-field=estimate] dd").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal("金山 花子", (await helper.Locator("#applicant").InnerTextAsync()).Trim());
        // The file they attached, to check before submitting: the same bytes back, through the helping API.
        var download = await helper.RunAndWaitForDownloadAsync(() => helper.Locator("[data-field=estimate] dd a").First.ClickAsync());
        Assert.Equal("見積書.pdf", download.SuggestedFilename);
        Assert.Equal(estimate, await File.ReadAllBytesAsync((await download.PathAsync())!, TestContext.Current.CancellationToken));
        await Accessibility.AssertNoViolations(helper);
        await helper.GetByRole(AriaRole.Button, new() { Name = "申請する" }).ClickAsync();
        await Explained(helper, () => helper.ReachedAsync($"**{Helping}/{id}/Submitted"));
        var receipt = (await helper.Locator("#receipt-number").InnerTextAsync()).Trim();
        Assert.False(string.IsNullOrEmpty(receipt));
        Assert.Contains($"金山 花子 さんに受付番号「{receipt}」", await helper.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(helper);

        // The helper's list has it; submitted, the form leads to the receipt page.
        await helper.GotoAsync(fixture.TownUrl("kaneyama", Helping));
        var made = helper.Locator("table.applications tbody tr").Filter(new() { HasText = receipt });
        Assert.Contains("金山 花子", await made.InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(helper);
        await helper.GotoAsync(fixture.TownUrl("kaneyama", $"{Helping}/{id}/Edit"));
        Assert.Equal(fixture.TownUrl("kaneyama", $"{Helping}/{id}/Submitted"), helper.Url);

        // The resident finds it among her applications, the helper named, and its file.
        await resident.GotoAsync(fixture.TownUrl("kaneyama", "/Resident/Applications"));
        var row = resident.Locator("table.applications tbody tr").Filter(new() { HasText = receipt });
        Assert.Contains($"{name} さんが代理で申請", await row.InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(resident);
        await row.GetByRole(AriaRole.Link).ClickAsync();
        await resident.ReachedAsync(fixture.TownUrl("kaneyama", $"/Resident/Applications/{id}"));
        Assert.Equal(name, (await resident.Locator("#actor").InnerTextAsync()).Trim());
        Assert.Equal("見積書.pdf", (await resident.Locator("[data-field=estimate] dd a").InnerTextAsync()).Trim());

        // A second application is under way when staff revoke the helper, with a reason.
        await helper.GotoAsync(fixture.TownUrl("kaneyama", Helping));
        await helper.SelectOptionAsync("#resident", new SelectOptionValue { Label = "金山 花子" });
        await helper.SelectOptionAsync("#procedure", "water-service");
        await helper.GetByRole(AriaRole.Button, new() { Name = "申請の入力を始める" }).ClickAsync();
        await Explained(helper, () => helper.ReachedAsync($"**{Helping}/*/Edit"));
        var second = new Uri(helper.Url).AbsolutePath.Split('/')[^2];

        await staff.GotoAsync(fixture.TownUrl("kaneyama", $"{StaffHelpers}?status=Registered"));
        await registered.GetByLabel($"{name} さんの取消しの理由").FillAsync("活動を終了したため");
        await registered.GetByRole(AriaRole.Button, new() { Name = $"{name} さんの登録を取り消す" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync("**done=revoked"));
        Assert.Equal("取り消しました。", (await staff.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Equal(0, await registered.CountAsync());
        await staff.GotoAsync(fixture.TownUrl("kaneyama", $"{StaffHelpers}?status=Revoked"));
        Assert.Equal("取消し", (await staff.Locator("ul.helpers > li").Filter(new() { HasText = name }).Locator(".helper-status").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(staff);

        // The helper's next step, saving the open form, is refused with the service's reason.
        await helper.FillAsync("#field-name", "金山 花子");
        var saved = await helper.RunAndWaitForResponseAsync(
            () => helper.GetByRole(AriaRole.Button, new() { Name = "下書きを保存する" }).ClickAsync(),
            r => r.Request.Method == "POST" && r.Url.Contains($"{Helping}/{second}/Edit", StringComparison.Ordinal));
        Assert.Equal(403, saved.Status);
        Assert.Contains("支援者として登録されていません", await helper.Locator("#problem[role=alert]").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(helper);
        var receiptPage = await helper.GotoAsync(fixture.TownUrl("kaneyama", $"{Helping}/{id}/Submitted"));
        Assert.Equal(403, receiptPage!.Status);
        await helper.GotoAsync(fixture.TownUrl("kaneyama", Helping));
        Assert.Contains("取り消されました", await helper.Locator("#registration-status").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await helper.Locator("#resident").CountAsync());
        await Accessibility.AssertNoViolations(helper);

        // What was submitted stays the resident's.
        await resident.GotoAsync(fixture.TownUrl("kaneyama", $"/Resident/Applications/{id}"));
        Assert.Equal("審査中", (await resident.Locator("#status").InnerTextAsync()).Trim());
    }

    [Fact]
    public async Task A_resident_who_is_not_a_helper_has_no_one_to_act_for_no_one_else_reaches_a_helpers_application_and_a_revoked_authorisation_refuses_the_helper()
    {
        // A resident who never asked: no one to act for, and a start posted anyway is refused (403), not a 500.
        var stranger = await SignedInResident(Helping, await fixture.NewKaneyamaResidentAsync("住民 三郎"));
        Assert.Contains("登録された支援者ではない", await stranger.Locator("#no-residents").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await stranger.Locator("#resident").CountAsync());
        await Accessibility.AssertNoViolations(stranger);

        // A helper 金山 花子 authorised starts an application for her.
        var (login, code) = await fixture.RegisteredHelperAccountAsync("越境 太郎", "金山町 民生委員");
        var resident = await SignedInResident("/Resident/Helpers");
        await resident.FillAsync("#helper-code", code);
        await resident.GetByRole(AriaRole.Button, new() { Name = "この支援者に委任する" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**done=authorised"));
        var authorisation = await resident.Locator("ul.authorisations li").Filter(new() { HasText = "越境 太郎" }).GetAttributeAsync("data-authorisation");
        var helper = await SignedInResident(Helping, login);
        await helper.SelectOptionAsync("#resident", authorisation!);
        await helper.SelectOptionAsync("#procedure", "water-service");
        await helper.GetByRole(AriaRole.Button, new() { Name = "申請の入力を始める" }).ClickAsync();
        await Explained(helper, () => helper.ReachedAsync($"**{Helping}/*/Edit"));
        var id = new Uri(helper.Url).AbsolutePath.Split('/')[^2];

        var forged = await PostAsync(stranger, fixture.TownUrl("kaneyama", $"{Helping}?handler=Start"),
            new() { ["resident"] = authorisation!, ["procedure"] = "water-service" });
        Assert.Equal(403, forged);

        // Neither the stranger nor the resident herself has it as a helper's application: not found, by any page.
        foreach (var page in new[] { stranger, resident })
        {
            foreach (var path in new[] { $"{Helping}/{id}/Edit", $"{Helping}/{id}/Review", $"{Helping}/{id}/Submitted" })
            {
                var missing = await page.GotoAsync(fixture.TownUrl("kaneyama", path));
                Assert.Equal(404, missing!.Status);
                Assert.Equal(1, await page.Locator("#problem[role=alert]").CountAsync());
            }
        }
        await Accessibility.AssertNoViolations(stranger);

        // 大蔵村: its resident does not find the application, its staff neither see nor revoke 金山町's helper.
        var okuraResident = await SignedInResident(Helping, PortalFixture.OkuraResidentLogin, "okura");
        foreach (var path in new[] { $"{Helping}/{id}/Edit", $"{Helping}/{id}/Review", $"{Helping}/{id}/Submitted" })
        {
            var missing = await okuraResident.GotoAsync(fixture.TownUrl("okura", path));
            Assert.Equal(404, missing!.Status);
            Assert.DoesNotContain("金山 花子", await okuraResident.ContentAsync(), StringComparison.Ordinal);
        }
        var staff = await SignedInStaff($"{StaffHelpers}?status=Registered");
        var helperId = await staff.Locator("ul.helpers > li").Filter(new() { HasText = "越境 太郎" }).GetAttributeAsync("data-helper");
        var okura = await SignedInStaff("okura", StaffHelpers, PortalFixture.OkuraStaffLogin, PortalFixture.OkuraStaffPassword, fixture.OkuraStaffApp);
        Assert.DoesNotContain("越境 太郎", await okura.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(okura);
        var revoked = await PostAsync(okura, fixture.TownUrl("okura", $"{StaffHelpers}?handler=Revoke&id={Uri.EscapeDataString(helperId!)}"), new() { ["reason"] = "越境" });
        Assert.Equal(404, revoked);
        var approved = await PostAsync(okura, fixture.TownUrl("okura", $"{StaffHelpers}?handler=Approve&id={Uri.EscapeDataString(helperId!)}"), []);
        Assert.Equal(404, approved);
        await staff.ReloadAsync();
        Assert.Equal(1, await staff.Locator("ul.helpers > li").Filter(new() { HasText = "越境 太郎" }).CountAsync()); // still registered

        // A resident is not staff: the console's helper page is refused by the portal itself.
        var refused = await resident.GotoAsync(fixture.TownUrl("kaneyama", StaffHelpers));
        Assert.Equal(403, refused!.Status);

        // 金山 花子 takes her authorisation back: the helper's form is refused, and she is no longer listed to act for.
        await resident.GotoAsync(fixture.TownUrl("kaneyama", "/Resident/Helpers"));
        await resident.GetByRole(AriaRole.Button, new() { Name = "越境 太郎さんへの委任を取り消す" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**done=revoked"));
        var ended = await helper.GotoAsync(fixture.TownUrl("kaneyama", $"{Helping}/{id}/Edit"));
        Assert.Equal(403, ended!.Status);
        Assert.Contains("委任は終了しています", await helper.Locator("#problem[role=alert]").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(helper);
        await helper.GotoAsync(fixture.TownUrl("kaneyama", Helping));
        Assert.Equal(0, await helper.Locator("#resident").CountAsync());
        Assert.Contains("いま委任している住民の方はいません", await helper.Locator("#no-residents").InnerTextAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_helper_pages_speak_English_on_request()
    {
        var helper = await SignedInResident($"{Helping}?lang=en", (await fixture.RegisteredHelperAccountAsync("English Helper", "Social welfare council")).Login);
        Assert.Equal("Apply for others as a registered helper", (await helper.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal("en", await helper.Locator("html").GetAttributeAsync("lang"));
        Assert.Equal("No resident authorises you at present.", (await helper.Locator("#no-residents").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(helper);

        var staff = await SignedInStaff($"{StaffHelpers}?lang=en");
        Assert.Equal("Registered helpers", (await staff.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal(1, await staff.GetByRole(AriaRole.Button, new() { Name = "Revoke English Helper" }).CountAsync());
        await Accessibility.AssertNoViolations(staff);
    }

    /// <summary>A form POST from the page itself (its cookies and antiforgery token): the status it gets.</summary>
    private static Task<int> PostAsync(IPage page, string url, Dictionary<string, string> fields) =>
        page.EvaluateAsync<int>("""
            async ([url, fields]) => {
                const token = document.querySelector('input[name=__RequestVerificationToken]').value;
                const body = new URLSearchParams({ '__RequestVerificationToken': token, ...fields });
                return (await fetch(url, { method: 'POST', body })).status;
            }
            """, new object[] { url, fields });
}
