using Microsoft.Playwright;
using SharedServices.Testing;

namespace SharedServices.Portal.Tests;

/// <summary>
/// Counter applications (窓口代行) from the town console: staff apply for a resident who came to the
/// counter, with the resident's own form and files, hand over the receipt number, and find the
/// application in the queue recorded as made at the counter, by whom, for whom.
/// </summary>
public sealed partial class EApplicationPagesTests
{
    private const string Counter = "/Console/Counter";

    [Fact]
    public async Task Staff_apply_at_the_counter_for_a_named_resident_with_a_file_and_find_it_in_the_queue_with_its_file()
    {
        var estimate = Pdf("estimate at the counter");
        var staff = await SignedInStaff("/Console");
        await staff.GetByRole(AriaRole.Link, new() { Name = "窓口で申請を受け付ける（代行）" }).ClickAsync();
        await staff.ReachedAsync(fixture.TownUrl("kaneyama", Counter));
        await Accessibility.AssertNoViolations(staff);

        // The procedure and the resident's name start the application; its form follows.
        await staff.SelectOptionAsync("#procedure", "renovation-subsidy");
        await staff.FillAsync("#applicant-name", "最上 一郎");
        await staff.GetByRole(AriaRole.Button, new() { Name = "申請の入力を始める" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync("**/Console/Counter/*/Edit"));
        var id = new Uri(staff.Url).AbsolutePath.Split('/')[^2];
        Assert.Equal("住宅リフォーム補助金 交付申請", (await staff.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal("最上 一郎", (await staff.Locator("#applicant").InnerTextAsync()).Trim());
        Assert.Equal("金山町 職員", (await staff.Locator("#actor").InnerTextAsync()).Trim());
        Assert.Equal("multipart/form-data", await staff.Locator("main form[method=post]").First.GetAttributeAsync("enctype"));
        await Accessibility.AssertNoViolations(staff);

        // Left unfinished, it is found again in the queue under "at the counter, not yet submitted".
        await staff.GotoAsync(fixture.TownUrl("kaneyama", "/Console/Applications"));
        await staff.SelectOptionAsync("#filter-status", "Draft");
        Assert.Equal("窓口で入力途中（未提出）", (await staff.Locator("#filter-status option:checked").InnerTextAsync()).Trim());
        await staff.Locator("main form[method=get] button").First.ClickAsync();
        var draftRow = staff.Locator("table.queue tbody tr").Filter(new() { HasText = "最上 一郎" });
        Assert.Equal(1, await draftRow.CountAsync());
        Assert.EndsWith($"/Console/Applications/{id}", await draftRow.Locator("a").GetAttributeAsync("href"), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(staff);
        await staff.GotoAsync(fixture.TownUrl("kaneyama", $"{Counter}/{id}/Edit"));

        // A wrong file attached, removed, then the right one: through the staff attachments API.
        await staff.FillAsync("#field-name", "最上 一郎");
        await staff.SetInputFilesAsync("#field-estimate", new FilePayload { Name = "古い見積書.pdf", MimeType = "application/pdf", Buffer = Pdf("old") });
        await staff.GetByRole(AriaRole.Button, new() { Name = "このファイルを添付する" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync(new System.Text.RegularExpressions.Regex($"/Console/Counter/{id}/Edit#field-estimate$")));
        Assert.Equal(["古い見積書.pdf"], (await staff.Locator("[data-field=estimate] .file-name").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal("最上 一郎", await staff.Locator("#field-name").InputValueAsync());
        await staff.GetByRole(AriaRole.Button, new() { Name = "「古い見積書.pdf」を削除する" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync(new System.Text.RegularExpressions.Regex($"/Console/Counter/{id}/Edit#field-estimate$")));
        Assert.Equal(0, await staff.Locator("[data-field=estimate] .file-name").CountAsync());
        await staff.SetInputFilesAsync("#field-estimate", new FilePayload { Name = "見積書.pdf", MimeType = "application/pdf", Buffer = estimate });
        await staff.GetByRole(AriaRole.Button, new() { Name = "下書きを保存する" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync($"**/Console/Counter/{id}/Edit?saved=True"));
        Assert.Equal("下書きを保存しました。", (await staff.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Equal(["見積書.pdf"], (await staff.Locator("[data-field=estimate] .file-name").AllInnerTextsAsync()).Select(t => t.Trim()));
        await Accessibility.AssertNoViolations(staff);

        await staff.GetByRole(AriaRole.Button, new() { Name = "入力内容を確認する" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync($"**/Console/Counter/{id}/Review"));
        Assert.Equal("最上 一郎", (await staff.Locator("[data-field=name] dd").InnerTextAsync()).Trim());
        Assert.Contains("見積書.pdf", await staff.Locator("[data-field=estimate] dd").InnerTextAsync());
        await Accessibility.AssertNoViolations(staff);
        await staff.GetByRole(AriaRole.Button, new() { Name = "申請する" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync($"**/Console/Counter/{id}/Submitted"));
        var receipt = (await staff.Locator("#receipt-number").InnerTextAsync()).Trim();
        Assert.False(string.IsNullOrEmpty(receipt));
        Assert.Contains($"最上 一郎 さんに受付番号「{receipt}」", await staff.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(staff);

        // In the queue: made at the counter, for 最上 一郎.
        await staff.GotoAsync(fixture.TownUrl("kaneyama", "/Console/Applications?status=Submitted&procedure=renovation-subsidy"));
        var row = staff.Locator("table.queue tbody tr").Filter(new() { HasText = receipt });
        Assert.Equal(1, await row.CountAsync());
        var cells = (await row.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim()).ToList();
        Assert.Contains("最上 一郎", cells);
        Assert.Contains("窓口", cells);
        await Accessibility.AssertNoViolations(staff);

        // Its page: who acted for whom, and the file, downloadable with the very bytes.
        await row.GetByRole(AriaRole.Link, new() { Name = receipt }).ClickAsync();
        await staff.ReachedAsync(fixture.TownUrl("kaneyama", $"/Console/Applications/{id}"));
        Assert.Equal("審査中", (await staff.Locator("#status").InnerTextAsync()).Trim());
        Assert.Equal("窓口", (await staff.Locator("#channel").InnerTextAsync()).Trim());
        Assert.Equal("金山町 職員", (await staff.Locator("#actor").InnerTextAsync()).Trim());
        var link = staff.Locator("[data-field=estimate] dd a");
        Assert.Equal("見積書.pdf", (await link.InnerTextAsync()).Trim());
        Assert.Equal(estimate, (await Fetch(staff, (await link.GetAttributeAsync("href"))!)).Body);
        Assert.Equal(0, await staff.GetByRole(AriaRole.Link, new() { Name = "入力を続ける" }).CountAsync()); // submitted: no longer a form
        await Accessibility.AssertNoViolations(staff);

        // Submitted, the counter's form and review pages lead to the application's page.
        await staff.GotoAsync(fixture.TownUrl("kaneyama", $"/Console/Counter/{id}/Edit"));
        Assert.Equal(fixture.TownUrl("kaneyama", $"/Console/Applications/{id}"), staff.Url);
    }

    [Fact]
    public async Task A_counter_application_with_a_required_field_left_empty_shows_the_error_summary()
    {
        var staff = await SignedInStaff(Counter);

        // No name typed: the service's message beside the name, and in the summary.
        await staff.SelectOptionAsync("#procedure", "renovation-subsidy");
        await staff.GetByRole(AriaRole.Button, new() { Name = "申請の入力を始める" }).ClickAsync();
        await Explained(staff, () => staff.WaitForSelectorAsync("#error-summary"));
        Assert.Equal("alert", await staff.Locator("#error-summary").GetAttributeAsync("role"));
        Assert.Equal(1, await staff.Locator("#error-summary a[href='#applicant-name']").CountAsync());
        Assert.Contains("氏名", await staff.Locator("#applicant-name-error").InnerTextAsync());
        Assert.Equal("true", await staff.Locator("#applicant-name").GetAttributeAsync("aria-invalid"));
        Assert.Equal("renovation-subsidy", await staff.Locator("#procedure").InputValueAsync()); // what was chosen is kept
        await Accessibility.AssertNoViolations(staff);

        // No procedure chosen: the same, for the procedure.
        await staff.SelectOptionAsync("#procedure", "");
        await staff.FillAsync("#applicant-name", "最上 二郎");
        await staff.GetByRole(AriaRole.Button, new() { Name = "申請の入力を始める" }).ClickAsync();
        await Explained(staff, () => staff.WaitForSelectorAsync("#procedure-error"));
        Assert.Equal(1, await staff.Locator("#error-summary a[href='#procedure']").CountAsync());
        Assert.Equal("最上 二郎", await staff.Locator("#applicant-name").InputValueAsync());

        // Started, then submitted with the form's required answers missing.
        await staff.SelectOptionAsync("#procedure", "renovation-subsidy");
        await staff.GetByRole(AriaRole.Button, new() { Name = "申請の入力を始める" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync("**/Console/Counter/*/Edit"));
        await staff.GetByRole(AriaRole.Button, new() { Name = "入力内容を確認する" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync("**/Review"));
        await staff.GetByRole(AriaRole.Button, new() { Name = "申請する" }).ClickAsync();
        await Explained(staff, () => staff.WaitForSelectorAsync("#error-summary"));
        Assert.Equal(1, await staff.Locator("#error-summary a[href='#field-name']").CountAsync());
        Assert.Equal(1, await staff.Locator("#error-summary a[href='#field-estimate']").CountAsync());
        Assert.Equal("true", await staff.Locator("#field-name").GetAttributeAsync("aria-invalid"));
        Assert.Equal("最上 二郎", (await staff.Locator("#applicant").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(staff);

        // In English too.
        await staff.GotoAsync(fixture.TownUrl("kaneyama", $"{Counter}?lang=en"));
        Assert.Equal("Counter application for a resident", (await staff.Locator("h1").InnerTextAsync()).Trim());
        Assert.Equal("en", await staff.Locator("html").GetAttributeAsync("lang"));
        await Accessibility.AssertNoViolations(staff);
    }

    [Fact]
    public async Task A_resident_cannot_open_the_counter_pages_nor_staff_of_another_town_its_applications()
    {
        // 金山町 staff start a counter application.
        var staff = await SignedInStaff(Counter);
        await staff.SelectOptionAsync("#procedure", "water-service");
        await staff.FillAsync("#applicant-name", "最上 三郎");
        await staff.GetByRole(AriaRole.Button, new() { Name = "申請の入力を始める" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync("**/Console/Counter/*/Edit"));
        var id = new Uri(staff.Url).AbsolutePath.Split('/')[^2];

        // A resident is not staff: the portal refuses the counter's pages.
        var resident = await SignedInResident("/Resident");
        foreach (var path in new[] { Counter, $"{Counter}/{id}/Edit", $"{Counter}/{id}/Review", $"{Counter}/{id}/Submitted" })
        {
            var refused = await resident.GotoAsync(fixture.TownUrl("kaneyama", path));
            Assert.Equal(403, refused!.Status);
        }

        // 大蔵村 staff: their own counter works, 金山町's application is not found there by any page.
        var okura = await SignedInStaff("okura", Counter, PortalFixture.OkuraStaffLogin, PortalFixture.OkuraStaffPassword, fixture.OkuraStaffApp);
        Assert.Equal(0, await okura.Locator("#procedure option[value=water-service]").CountAsync()); // 金山町's procedure
        foreach (var path in new[] { $"{Counter}/{id}/Edit", $"{Counter}/{id}/Review", $"{Counter}/{id}/Submitted", $"/Console/Applications/{id}" })
        {
            var missing = await okura.GotoAsync(fixture.TownUrl("okura", path));
            Assert.Equal(404, missing!.Status);
            Assert.Equal(1, await okura.Locator("#problem[role=alert]").CountAsync());
            Assert.DoesNotContain("最上 三郎", await okura.ContentAsync(), StringComparison.Ordinal);
        }
        await Accessibility.AssertNoViolations(okura);

        // Nor can they change it: a save posted to 大蔵村's counter is refused, and 金山町's draft is as it was.
        var posted = await okura.EvaluateAsync<int>("""
            async url => {
                const token = document.querySelector('input[name=__RequestVerificationToken]').value;
                const body = new URLSearchParams({ '__RequestVerificationToken': token, 'answers.name': '大蔵 改ざん' });
                return (await fetch(url, { method: 'POST', body })).status;
            }
            """, fixture.TownUrl("okura", $"{Counter}/{id}/Edit?handler=Save"));
        Assert.Equal(404, posted);
        await staff.ReloadAsync();
        Assert.Equal("", await staff.Locator("#field-name").InputValueAsync());
    }
}
