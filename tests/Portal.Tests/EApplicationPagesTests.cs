using System.Globalization;
using Microsoft.Playwright;
using SharedServices.Testing;

namespace SharedServices.Portal.Tests;

/// <summary>
/// Online applications through the portal in a real browser: a 金山町 resident fills in the
/// water-service form (水道 開栓・閉栓) and submits it, staff return it with a reason, the resident
/// corrects and resubmits, staff approve; errors beside their fields; axe on every page.
/// </summary>
public sealed partial class EApplicationPagesTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private const string Script = "<script>alert(1)</script>";

    [Fact]
    public async Task A_resident_applies_staff_return_it_the_resident_corrects_it_and_staff_approve()
    {
        var resident = await SignedInResident("/Resident");
        var alerts = 0;
        resident.Dialog += async (_, dialog) => { alerts++; await dialog.DismissAsync(); };

        // マイページ → オンライン申請 → the procedure's form.
        await resident.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー" }).GetByRole(AriaRole.Link, new() { Name = "オンライン申請" }).ClickAsync();
        await resident.ReachedAsync(fixture.TownUrl("kaneyama", "/Resident/Procedures"));
        await Accessibility.AssertNoViolations(resident);
        await resident.GetByRole(AriaRole.Link, new() { Name = "水道の使用開始・中止(開栓・閉栓)" }).ClickAsync();
        await resident.ReachedAsync(fixture.TownUrl("kaneyama", "/Resident/Apply/water-service"));
        Assert.Contains("申込者", await resident.Locator("main h2").AllInnerTextsAsync());
        Assert.Contains("「届出の種類」が「使用開始(開栓)」の場合", await resident.Locator("[data-field=startDate] .condition").InnerTextAsync());
        Assert.Equal("tel", await resident.Locator("#field-phone").GetAttributeAsync("type"));
        Assert.Equal("postal-code", await resident.Locator("#field-postalCode").GetAttributeAsync("autocomplete"));
        await Accessibility.AssertNoViolations(resident);

        var startDate = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(7);
        await resident.FillAsync("#field-name", "金山 花子");
        await resident.FillAsync("#field-nameKana", "カネヤマ ハナコ");
        await resident.FillAsync("#field-phone", "0233-52-2111");
        await resident.FillAsync("#field-email", "hanako@kaneyama.example");
        await resident.CheckAsync("#field-service-0"); // 使用開始(開栓)
        await resident.FillAsync("#field-postalCode", "999-5402");
        await resident.FillAsync("#field-address", "山形県最上郡金山町大字金山324-1");
        await resident.FillAsync("#field-startDate", startDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await resident.CheckAsync("#field-payment-1"); // 納付書
        await resident.FillAsync("#field-note", Script);

        // Draft first: the same answers come back in the form.
        await resident.GetByRole(AriaRole.Button, new() { Name = "下書きを保存する" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**/Edit?saved=True"));
        Assert.Equal("下書きを保存しました。", (await resident.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Equal(Script, await resident.Locator("#field-note").InputValueAsync());
        Assert.Contains("令和", await resident.Locator("[data-field=startDate] .wareki").InnerTextAsync());
        await Accessibility.AssertNoViolations(resident);

        await resident.GetByRole(AriaRole.Button, new() { Name = "入力内容を確認する" }).ClickAsync();
        await resident.ReachedAsync("**/Review");
        Assert.Equal(Script, (await resident.Locator("[data-field=note] dd").InnerTextAsync()).Trim()); // text, not markup
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", await resident.ContentAsync(), StringComparison.Ordinal);
        Assert.Contains("令和", await resident.Locator("[data-field=startDate] dd").InnerTextAsync());
        Assert.Equal("納付書", (await resident.Locator("[data-field=payment] dd").InnerTextAsync()).Trim());
        Assert.Equal(0, await resident.Locator("[data-field=stopDate]").CountAsync()); // not applicable: not shown
        await Accessibility.AssertNoViolations(resident);

        await resident.GetByRole(AriaRole.Button, new() { Name = "申請する" }).ClickAsync();
        await resident.ReachedAsync("**/Submitted");
        var receipt = (await resident.Locator("#receipt-number").InnerTextAsync()).Trim();
        Assert.False(string.IsNullOrEmpty(receipt));
        await Accessibility.AssertNoViolations(resident);

        // Staff: the queue, filtered to what awaits a decision; the application; assign, comment, return.
        var staff = await SignedInStaff("/Console");
        await staff.GetByRole(AriaRole.Navigation, new() { Name = "メインメニュー" }).GetByRole(AriaRole.Link, new() { Name = "申請の審査" }).ClickAsync();
        await staff.ReachedAsync(fixture.TownUrl("kaneyama", "/Console/Applications"));
        await Accessibility.AssertNoViolations(staff);
        await staff.SelectOptionAsync("#filter-status", "Submitted");
        await staff.SelectOptionAsync("#filter-procedure", "water-service");
        await staff.GetByRole(AriaRole.Button, new() { Name = "この条件で表示する" }).ClickAsync();
        await staff.ReachedAsync("**status=Submitted**");
        await Accessibility.AssertNoViolations(staff);
        await staff.GetByRole(AriaRole.Link, new() { Name = receipt }).ClickAsync();
        await staff.WaitForSelectorAsync("#status");
        Assert.Equal("金山 花子", (await staff.Locator("[data-field=name] dd").InnerTextAsync()).Trim());
        Assert.Equal(Script, (await staff.Locator("[data-field=note] dd").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(staff);

        await staff.GetByRole(AriaRole.Button, new() { Name = "自分が担当する" }).ClickAsync();
        await staff.ReachedAsync("**done=assigned");
        Assert.NotEqual("未定", (await staff.Locator("#assignee").InnerTextAsync()).Trim());
        await staff.FillAsync("#comment", "お客様番号の記入がないため確認します。");
        await staff.GetByRole(AriaRole.Button, new() { Name = "コメントを追加する" }).ClickAsync();
        await staff.ReachedAsync("**done=commented");
        Assert.Contains("お客様番号の記入がないため確認します。", await staff.Locator(".history").InnerTextAsync());

        // A return without a reason: the service's message beside the reason, and in the summary.
        await staff.CheckAsync("#outcome-return");
        await staff.GetByRole(AriaRole.Button, new() { Name = "結果を登録する" }).ClickAsync();
        await staff.WaitForSelectorAsync("#reason-error");
        Assert.Equal("true", await staff.Locator("#reason").GetAttributeAsync("aria-invalid"));
        Assert.Equal(1, await staff.Locator("#error-summary[role=alert] a[href='#reason']").CountAsync());
        await Accessibility.AssertNoViolations(staff);
        const string reason = "お客様番号を検針票のとおり入力してください。";
        await staff.CheckAsync("#outcome-return");
        await staff.FillAsync("#reason", reason);
        await staff.GetByRole(AriaRole.Button, new() { Name = "結果を登録する" }).ClickAsync();
        await staff.ReachedAsync("**done=decided");
        Assert.StartsWith("差し戻し", (await staff.Locator("#status").InnerTextAsync()).Trim(), StringComparison.Ordinal);

        // The resident sees the reason, corrects and resubmits.
        await resident.GotoAsync(fixture.TownUrl("kaneyama", "/Resident/Applications"));
        Assert.Contains("差し戻し", await resident.Locator("table").InnerTextAsync());
        await Accessibility.AssertNoViolations(resident);
        await resident.GetByRole(AriaRole.Link, new() { Name = "水道の使用開始・中止(開栓・閉栓)" }).First.ClickAsync();
        await resident.WaitForSelectorAsync("#reason");
        Assert.Equal(reason, (await resident.Locator("#reason").InnerTextAsync()).Trim());
        Assert.Contains("差し戻し", await resident.Locator(".history").InnerTextAsync());
        await Accessibility.AssertNoViolations(resident);
        await resident.GetByRole(AriaRole.Link, new() { Name = "申請内容を修正する" }).ClickAsync();
        await resident.ReachedAsync("**/Edit");
        Assert.Equal("金山 花子", await resident.Locator("#field-name").InputValueAsync());
        Assert.Contains(reason, await resident.Locator(".returned").InnerTextAsync());
        await resident.FillAsync("#field-customerNumber", "12-3456");
        await resident.GetByRole(AriaRole.Button, new() { Name = "入力内容を確認する" }).ClickAsync();
        await resident.ReachedAsync("**/Review");
        await resident.GetByRole(AriaRole.Button, new() { Name = "修正して再申請する" }).ClickAsync();
        await resident.ReachedAsync("**/Submitted");
        Assert.Equal(receipt, (await resident.Locator("#receipt-number").InnerTextAsync()).Trim()); // the same receipt

        // Staff approve; the resident sees 承認.
        await staff.ReloadAsync();
        Assert.Equal("審査中", (await staff.Locator("#status").InnerTextAsync()).Trim());
        Assert.Equal("12-3456", (await staff.Locator("[data-field=customerNumber] dd").InnerTextAsync()).Trim());
        await staff.CheckAsync("#outcome-approve");
        await staff.GetByRole(AriaRole.Button, new() { Name = "結果を登録する" }).ClickAsync();
        await staff.ReachedAsync("**done=decided");
        Assert.Equal("承認", (await staff.Locator("#status").InnerTextAsync()).Trim());

        await resident.GotoAsync(fixture.TownUrl("kaneyama", "/Resident/Applications"));
        await resident.GetByRole(AriaRole.Link, new() { Name = "水道の使用開始・中止(開栓・閉栓)" }).First.ClickAsync();
        await resident.WaitForSelectorAsync("#status");
        Assert.Equal("承認", (await resident.Locator("#status").InnerTextAsync()).Trim());
        Assert.Equal(0, await resident.GetByRole(AriaRole.Button, new() { Name = "申請を取り下げる" }).CountAsync()); // decided
        await Accessibility.AssertNoViolations(resident);
        Assert.Equal(0, alerts); // the script never ran
    }

    [Fact]
    public async Task A_form_submitted_with_a_required_field_missing_shows_the_error_beside_the_field_and_in_the_summary()
    {
        var page = await SignedInResident("/Resident/Apply/water-service");
        await page.FillAsync("#field-name", "金山 花子");
        await page.CheckAsync("#field-service-1"); // 使用中止(閉栓)
        await page.GetByRole(AriaRole.Button, new() { Name = "入力内容を確認する" }).ClickAsync();
        await page.ReachedAsync("**/Review");
        await page.GetByRole(AriaRole.Button, new() { Name = "申請する" }).ClickAsync();

        await page.WaitForSelectorAsync("#error-summary");
        Assert.Equal("alert", await page.Locator("#error-summary").GetAttributeAsync("role"));
        Assert.Contains("フリガナ", await page.Locator("#field-nameKana-error").InnerTextAsync());
        Assert.Equal("true", await page.Locator("#field-nameKana").GetAttributeAsync("aria-invalid"));
        Assert.Contains("field-nameKana-error", await page.Locator("#field-nameKana").GetAttributeAsync("aria-describedby") ?? "");
        Assert.Equal(1, await page.Locator("#error-summary a[href='#field-nameKana']").CountAsync());
        Assert.Equal(1, await page.Locator("#error-summary a[href='#field-settlement-0']").CountAsync()); // a conditional group that applies
        Assert.Equal(0, await page.Locator("#field-startDate-error").CountAsync()); // one that does not
        Assert.Equal("金山 花子", await page.Locator("#field-name").InputValueAsync()); // what was typed is kept
        await Accessibility.AssertNoViolations(page);

        // The summary's link takes the keyboard to the field.
        await page.Locator("#error-summary a[href='#field-nameKana']").ClickAsync();
        Assert.Equal("field-nameKana", await page.EvaluateAsync<string>("document.activeElement.id"));

        // The draft can be withdrawn before a decision.
        var edit = new Uri(page.Url).AbsolutePath;
        await page.GotoAsync(fixture.TownUrl("kaneyama", edit[..edit.LastIndexOf('/')]));
        Assert.Equal("下書き", (await page.Locator("#status").InnerTextAsync()).Trim());
        await page.GetByRole(AriaRole.Button, new() { Name = "申請を取り下げる" }).ClickAsync();
        await page.ReachedAsync("**withdrawn=True");
        Assert.Equal("取り下げ", (await page.Locator("#status").InnerTextAsync()).Trim());
        Assert.Equal(0, await page.GetByRole(AriaRole.Button, new() { Name = "申請を取り下げる" }).CountAsync());
    }

    [Fact]
    public async Task The_pages_speak_English_on_request_and_an_unknown_application_is_a_message_not_an_error_page()
    {
        var page = await SignedInResident("/Resident/Apply/water-service?lang=en");
        Assert.Equal("Water supply: start or stop", (await page.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("Full name", await page.Locator("label[for=field-name]").InnerTextAsync());
        Assert.Equal("en", await page.Locator("html").GetAttributeAsync("lang"));
        await Accessibility.AssertNoViolations(page);

        var missing = await page.GotoAsync(fixture.TownUrl("kaneyama", "/Resident/Applications/0000000000000000000000000000abcd?lang=ja"));
        Assert.Equal(404, missing!.Status);
        Assert.Contains("見つかりませんでした", await page.Locator("#problem").InnerTextAsync());
        await Accessibility.AssertNoViolations(page);

        var unknownProcedure = await page.GotoAsync(fixture.TownUrl("kaneyama", "/Resident/Apply/no-such-procedure"));
        Assert.Equal(404, unknownProcedure!.Status);
        Assert.Equal(1, await page.Locator("#problem[role=alert]").CountAsync());

        // A resident is not staff: the console's review pages are refused by the portal itself.
        var console = await page.GotoAsync(fixture.TownUrl("kaneyama", "/Console/Applications"));
        Assert.Equal(403, console!.Status);
    }

    private const string Renovation = "/Resident/Apply/renovation-subsidy";

    private static byte[] Pdf(string text) => System.Text.Encoding.ASCII.GetBytes($"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n% {text}\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    [Fact]
    public async Task A_resident_attaches_a_pdf_staff_download_it_and_return_it_the_resident_replaces_it_and_staff_approve()
    {
        var estimate = Pdf("estimate");
        var resident = await SignedInResident(Renovation);
        Assert.Equal("multipart/form-data", await resident.Locator("main form[method=post]").First.GetAttributeAsync("enctype"));
        Assert.Equal("application/pdf", await resident.Locator("#field-estimate").GetAttributeAsync("accept"));
        await Accessibility.AssertNoViolations(resident);

        // The file goes with the draft's first save.
        await resident.FillAsync("#field-name", "金山 花子");
        await resident.SetInputFilesAsync("#field-estimate", new FilePayload { Name = "見積書.pdf", MimeType = "application/pdf", Buffer = estimate });
        await resident.GetByRole(AriaRole.Button, new() { Name = "下書きを保存する" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**/Edit?saved=True"));
        var edit = new Uri(resident.Url).AbsolutePath;
        var id = edit.Split('/')[^2];
        Assert.Equal("見積書.pdf", (await resident.Locator("[data-field=estimate] .file-name").InnerTextAsync()).Trim());
        Assert.Equal(1, await resident.GetByRole(AriaRole.Button, new() { Name = "「見積書.pdf」を削除する" }).CountAsync());
        Assert.Equal("金山 花子", await resident.Locator("#field-name").InputValueAsync());
        await Accessibility.AssertNoViolations(resident);

        // Enter in a text box goes on to the review (never a file's "remove" button).
        await resident.PressAsync("#field-name", "Enter");
        await Explained(resident, () => resident.ReachedAsync("**/Review"));
        Assert.Contains("見積書.pdf", await resident.Locator("[data-field=estimate] dd").InnerTextAsync());
        await Accessibility.AssertNoViolations(resident);
        await resident.GetByRole(AriaRole.Button, new() { Name = "申請する" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**/Submitted"));
        var receipt = (await resident.Locator("#receipt-number").InnerTextAsync()).Trim();
        Assert.False(string.IsNullOrEmpty(receipt));

        // Staff see the file by name and download the very bytes, through the portal.
        var staff = await SignedInStaff($"/Console/Applications/{id}");
        Assert.Equal(receipt, (await staff.Locator(".facts dd").First.InnerTextAsync()).Trim());
        var link = staff.Locator("[data-field=estimate] dd a");
        Assert.Equal("見積書.pdf", (await link.InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(staff);
        var download = await staff.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        Assert.Equal("見積書.pdf", download.SuggestedFilename);
        Assert.Equal(estimate, await File.ReadAllBytesAsync((await download.PathAsync())!));
        var href = await link.GetAttributeAsync("href");
        var fetched = await Fetch(staff, href!);
        Assert.Equal(200, fetched.Status);
        Assert.Equal("application/pdf", fetched.ContentType);
        Assert.StartsWith("attachment", fetched.Disposition, StringComparison.Ordinal);
        Assert.Equal("nosniff", fetched.NoSniff);
        Assert.Equal(estimate, fetched.Body);
        // An id that is not one of the application's files: the service's 404 as a message, not a 500.
        var unknown = await Fetch(staff, $"/Console/Applications/{id}?handler=Download&attachmentId=00000000-0000-0000-0000-000000000000");
        Assert.Equal(404, unknown.Status);

        const string reason = "見積書に工事の金額の内訳を記載してください。";
        await staff.CheckAsync("#outcome-return");
        await staff.FillAsync("#reason", reason);
        await staff.GetByRole(AriaRole.Button, new() { Name = "結果を登録する" }).ClickAsync();
        await staff.ReachedAsync("**done=decided");
        Assert.StartsWith("差し戻し", (await staff.Locator("#status").InnerTextAsync()).Trim(), StringComparison.Ordinal);

        // The resident replaces the estimate: the submitted one leaves the answer (kept with the record), a new one is attached.
        await resident.GotoAsync(fixture.TownUrl("kaneyama", edit));
        Assert.Contains(reason, await resident.Locator(".returned").InnerTextAsync());
        Assert.Equal("見積書.pdf", (await resident.Locator("[data-field=estimate] .file-name").InnerTextAsync()).Trim());
        await resident.GetByRole(AriaRole.Button, new() { Name = "「見積書.pdf」を削除する" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync(new System.Text.RegularExpressions.Regex("/Edit#field-estimate$")));
        Assert.Equal(0, await resident.Locator("[data-field=estimate] .file-name").CountAsync());
        var corrected = Pdf("estimate with the breakdown");
        await resident.SetInputFilesAsync("#field-estimate", new FilePayload { Name = "見積書_内訳.pdf", MimeType = "application/pdf", Buffer = corrected });
        await resident.FillAsync("#field-note", "内訳を追記しました。");
        await resident.GetByRole(AriaRole.Button, new() { Name = "このファイルを添付する" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync(new System.Text.RegularExpressions.Regex("/Edit#field-estimate$")));
        Assert.Equal(["見積書_内訳.pdf"], (await resident.Locator("[data-field=estimate] .file-name").AllInnerTextsAsync()).Select(t => t.Trim()));
        Assert.Equal("内訳を追記しました。", await resident.Locator("#field-note").InputValueAsync());
        await Accessibility.AssertNoViolations(resident);
        await resident.GetByRole(AriaRole.Button, new() { Name = "入力内容を確認する" }).ClickAsync();
        await resident.ReachedAsync("**/Review");
        Assert.Equal(["見積書_内訳.pdf"], (await resident.Locator("[data-field=estimate] dd li").AllInnerTextsAsync()).Select(t => t.Split('（')[0].Trim()));
        await resident.GetByRole(AriaRole.Button, new() { Name = "修正して再申請する" }).ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**/Submitted"));
        Assert.Equal(receipt, (await resident.Locator("#receipt-number").InnerTextAsync()).Trim());

        // Staff see the new file, and approve.
        await staff.GotoAsync(fixture.TownUrl("kaneyama", $"/Console/Applications/{id}"));
        Assert.Equal("審査中", (await staff.Locator("#status").InnerTextAsync()).Trim());
        Assert.Equal("見積書_内訳.pdf", (await link.InnerTextAsync()).Trim());
        Assert.Equal(corrected, (await Fetch(staff, (await link.GetAttributeAsync("href"))!)).Body);
        await Accessibility.AssertNoViolations(staff);
        await staff.CheckAsync("#outcome-approve");
        await staff.GetByRole(AriaRole.Button, new() { Name = "結果を登録する" }).ClickAsync();
        await staff.ReachedAsync("**done=decided");
        Assert.Equal("承認", (await staff.Locator("#status").InnerTextAsync()).Trim());

        // The resident sees 承認 and can fetch their own file.
        await resident.GotoAsync(fixture.TownUrl("kaneyama", edit[..edit.LastIndexOf('/')]));
        Assert.Equal("承認", (await resident.Locator("#status").InnerTextAsync()).Trim());
        var own = resident.Locator("[data-field=estimate] dd a");
        Assert.Equal("見積書_内訳.pdf", (await own.InnerTextAsync()).Trim());
        var mine = await Fetch(resident, (await own.GetAttributeAsync("href"))!);
        Assert.Equal(200, mine.Status);
        Assert.Equal("application/pdf", mine.ContentType);
        Assert.Equal(corrected, mine.Body);
        await Accessibility.AssertNoViolations(resident);
    }

    [Fact]
    public async Task A_file_of_a_type_the_field_does_not_take_is_refused_beside_the_field_and_nothing_is_attached()
    {
        var page = await SignedInResident(Renovation);
        await page.FillAsync("#field-name", "金山 花子");
        await page.SetInputFilesAsync("#field-estimate", new FilePayload { Name = "memo.txt", MimeType = "text/plain", Buffer = "見積書です"u8.ToArray() });
        await page.GetByRole(AriaRole.Button, new() { Name = "このファイルを添付する" }).ClickAsync();

        await Explained(page, () => page.WaitForSelectorAsync("#field-estimate-error"));
        var error = await page.Locator("#field-estimate-error").InnerTextAsync();
        Assert.Contains("text/plain", error);
        Assert.Contains("application/pdf", error);
        Assert.Equal("true", await page.Locator("#field-estimate").GetAttributeAsync("aria-invalid"));
        Assert.Contains("field-estimate-error", await page.Locator("#field-estimate").GetAttributeAsync("aria-describedby") ?? "");
        Assert.Equal(1, await page.Locator("#error-summary a[href='#field-estimate']").CountAsync());
        Assert.Equal(0, await page.Locator("[data-field=estimate] .file-name").CountAsync());
        Assert.Equal("金山 花子", await page.Locator("#field-name").InputValueAsync()); // what was typed is kept
        await Accessibility.AssertNoViolations(page);

        // The draft the save started has the name and no file.
        await page.GetByRole(AriaRole.Button, new() { Name = "入力内容を確認する" }).ClickAsync();
        await Explained(page, () => page.ReachedAsync("**/Review"));
        Assert.Equal("（未入力）", (await page.Locator("[data-field=estimate] dd").InnerTextAsync()).Trim());
        Assert.Equal("金山 花子", (await page.Locator("[data-field=name] dd").InnerTextAsync()).Trim());
    }

    private sealed record Fetched(int Status, string? ContentType, string? Disposition, string? NoSniff, byte[] Body);

    /// <summary>A GET from the page itself (its cookies, its host name, which only Chromium resolves).</summary>
    private static async Task<Fetched> Fetch(IPage page, string href)
    {
        var answer = await page.EvaluateAsync<System.Text.Json.JsonElement>("""
            async href => {
                const response = await fetch(href);
                const body = Array.from(new Uint8Array(await response.arrayBuffer()));
                const header = name => response.headers.get(name);
                return { status: response.status, type: header('content-type'), disposition: header('content-disposition'), nosniff: header('x-content-type-options'), body };
            }
            """, href);
        string? Text(string name) => answer.GetProperty(name).ValueKind == System.Text.Json.JsonValueKind.String ? answer.GetProperty(name).GetString() : null;
        return new(answer.GetProperty("status").GetInt32(), Text("type"), Text("disposition"), Text("nosniff"),
            [.. answer.GetProperty("body").EnumerateArray().Select(b => b.GetByte())]);
    }

    [Fact]
    public async Task A_resident_authorises_a_helper_by_code_sees_them_listed_and_takes_it_back()
    {
        var code = await fixture.RegisteredHelperAsync("支援 一郎", "金山町 民生委員");
        var resident = await SignedInResident("/Resident");
        var authorise = resident.GetByRole(AriaRole.Button, new() { Name = "この支援者に委任する" });
        var revoke = resident.GetByRole(AriaRole.Button, new() { Name = "支援 一郎さんへの委任を取り消す" });

        // マイページ → 支援者への委任.
        await resident.GetByRole(AriaRole.Link, new() { Name = "支援者への委任" }).ClickAsync();
        await resident.ReachedAsync(fixture.TownUrl("kaneyama", "/Resident/Helpers"));
        await Accessibility.AssertNoViolations(resident);

        // A code that is no helper's: the service's message beside the field, and in the summary.
        await resident.FillAsync("#helper-code", "12345");
        await authorise.ClickAsync();
        await Explained(resident, () => resident.WaitForSelectorAsync("#helper-code-error"));
        Assert.Equal("true", await resident.Locator("#helper-code").GetAttributeAsync("aria-invalid"));
        Assert.Equal(1, await resident.Locator("#error-summary[role=alert] a[href='#helper-code']").CountAsync());
        Assert.Equal(0, await revoke.CountAsync());
        await Accessibility.AssertNoViolations(resident);

        await resident.FillAsync("#helper-code", code);
        await authorise.ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**done=authorised"));
        var listed = await resident.Locator("ul.authorisations li").Filter(new() { HasText = "支援 一郎" }).InnerTextAsync();
        Assert.Contains("金山町 民生委員", listed, StringComparison.Ordinal);
        Assert.Contains(code, listed, StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(resident);

        await revoke.ClickAsync();
        await Explained(resident, () => resident.ReachedAsync("**done=revoked"));
        Assert.Equal("委任を取り消しました。", (await resident.Locator("[role=status]").InnerTextAsync()).Trim());
        Assert.Equal(0, await revoke.CountAsync());
        Assert.Contains("支援 一郎（金山町 民生委員）: 取消し", await resident.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(resident);
    }

    private Task<IPage> SignedInResident(string path, string login = PortalFixture.KaneyamaResidentLogin, string town = "kaneyama") =>
        fixture.SignedInAsync(fixture.TownUrl(town, path), login, PortalFixture.ResidentPassword);

    /// <summary>金山町 staff, with a TOTP code from the fixture's app (enrolled at its first sign-in).</summary>
    private Task<IPage> SignedInStaff(string path) =>
        SignedInStaff("kaneyama", path, TestIdentity.TownStaffLogin, TestIdentity.TownStaffPassword, fixture.StaffApp);

    /// <summary>A town's staff member, with a TOTP code from their app (enrolled at their first sign-in).</summary>
    private Task<IPage> SignedInStaff(string town, string path, string login, string password, TotpAuthenticator app) =>
        fixture.SignedInAsync(fixture.TownUrl(town, path), login, password, app);

    private static Task Explained(IPage page, Func<Task> wait) => BrowserSessions.Explained(page, wait);
}
