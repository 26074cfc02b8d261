using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using SharedServices.Testing;
using static SharedServices.Portal.Tests.BrowserSessions;

namespace SharedServices.Portal.Tests;

/// <summary>
/// The prefecture console's cross-town pages in a real browser. The DX dashboard, showing figures real applications produced: two
/// residents of 金山町 apply online for 水道の開栓, staff approve one; the events travel from the
/// e-application service over RabbitMQ to the dashboard's read models, and the operator sees 金山町 with two
/// applications, all online, one decided, beside 大蔵村 with none; sorts and charts by a column, downloads
/// the CSV, and is told beside the field when the range is wrong. The audit log shows the operators'
/// onboarding of the towns and finds them by words. axe on every page. (Its own fixture, so the counts
/// are these tests' alone.)
/// </summary>
public sealed class PrefectureConsolePagesTests(PortalFixture fixture) : IClassFixture<PortalFixture>
{
    private static string ThisMonth => DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM", CultureInfo.InvariantCulture);

    [Fact]
    public async Task The_operator_compares_towns_by_figures_real_applications_produced_and_exports_them()
    {
        var first = await fixture.AppliedForWaterAsync("金山 一郎");
        await fixture.AppliedForWaterAsync("金山 二郎");
        var staff = await fixture.SignedInAsync(fixture.TownUrl("kaneyama", $"/Console/Applications/{first}"), TestIdentity.TownStaffLogin, TestIdentity.TownStaffPassword, fixture.StaffApp);
        await staff.CheckAsync("#outcome-approve");
        await staff.GetByRole(AriaRole.Button, new() { Name = "結果を登録する" }).ClickAsync();
        await Explained(staff, () => staff.ReachedAsync("**done=decided"));

        var op = await fixture.SignedInAsync(fixture.PrefectureUrl("/Prefecture"), PortalFixture.OperatorLogin, PortalFixture.OperatorPassword, fixture.OperatorApp);
        await op.GetByRole(AriaRole.Link, new() { Name = "DX ダッシュボード" }).ClickAsync();
        await op.ReachedAsync("**/Prefecture/Dashboard");
        var kaneyama = op.Locator("#towns tr[data-town='063614']");
        // The events arrive asynchronously: reload until both applications and the decision are counted.
        await Eventually.Until(async () =>
            {
                await op.ReloadAsync();
                return (await kaneyama.Locator("td.submitted").InnerTextAsync(), await op.Locator("#procedures tr[data-town='063614'] td.decided").AllInnerTextsAsync());
            },
            r => r.Item1 == "2" && r.Item2.Count == 1 && r.Item2[0] == "1", TimeSpan.FromSeconds(30), "金山町's applications on the dashboard");
        Assert.Equal("100%", (await kaneyama.Locator("td.onlineShare").InnerTextAsync()).Trim());
        Assert.Equal("0%", (await kaneyama.Locator("td.returnedRate").InnerTextAsync()).Trim());
        Assert.EndsWith("日", (await kaneyama.Locator("td.medianDays").InnerTextAsync()).Trim(), StringComparison.Ordinal);
        Assert.Equal("3", (await kaneyama.Locator("td.services").InnerTextAsync()).Trim());
        var okura = op.Locator("#towns tr[data-town='063657']");
        Assert.Equal("0", (await okura.Locator("td.submitted").InnerTextAsync()).Trim());
        Assert.Equal("—", (await okura.Locator("td.onlineShare").InnerTextAsync()).Trim());
        Assert.Equal("2", (await op.Locator("#total-submitted").InnerTextAsync()).Trim());
        // (Other tests of this class may onboard towns too: every active town has its row.)
        var townRows = await op.Locator("#towns tbody tr").CountAsync();
        Assert.Equal(townRows.ToString(CultureInfo.InvariantCulture), (await op.Locator("#total-towns").InnerTextAsync()).Trim());
        Assert.Equal("2", (await op.Locator("#procedures tr[data-procedure='water-service'] td.submitted").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(op);

        // Sorted by applications, most first: 金山町 leads the table and the chart, whose bar has a length.
        await op.GetByRole(AriaRole.Link, new() { Name = "申請件数" }).ClickAsync();
        await op.ReachedAsync("**sort=submitted&dir=desc");
        Assert.Equal("descending", await op.Locator("#towns th[aria-sort=descending]").Filter(new() { HasText = "申請件数" }).GetAttributeAsync("aria-sort"));
        Assert.Equal("063614", await op.Locator("#towns tbody tr").First.GetAttributeAsync("data-town"));
        Assert.Equal("063614", await op.Locator("#chart g").First.GetAttributeAsync("data-town"));
        Assert.True(double.Parse(await op.Locator("#chart g[data-town='063614'] rect").GetAttributeAsync("width") ?? "0", CultureInfo.InvariantCulture) > 0);
        Assert.Equal("0", await op.Locator("#chart g[data-town='063657'] rect").GetAttributeAsync("width"));
        Assert.Contains("申請件数", await op.Locator("#chart-title").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(op);

        // The CSV of this month: a header and one line per town.
        await op.FillAsync("#from", ThisMonth);
        await op.FillAsync("#until", ThisMonth);
        var download = await op.RunAndWaitForDownloadAsync(() => op.GetByRole(AriaRole.Button, new() { Name = "CSV をダウンロード" }).ClickAsync());
        Assert.Equal($"dx-dashboard-{ThisMonth}-{ThisMonth}.csv", download.SuggestedFilename);
        var bytes = await File.ReadAllBytesAsync(await download.PathAsync());
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + townRows, lines.Length);
        Assert.StartsWith($"{ThisMonth},063614,金山町,Kaneyama Town,2,2,1,0,0,1,", lines[1], StringComparison.Ordinal);

        // A range that ends before it starts: said beside the field, nothing downloaded.
        await op.FillAsync("#from", ThisMonth);
        await op.FillAsync("#until", "2020-01");
        await op.GetByRole(AriaRole.Button, new() { Name = "CSV をダウンロード" }).ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#until-error"));
        Assert.Equal("2020-01", await op.Locator("#until").InputValueAsync());
        await Accessibility.AssertNoViolations(op);

        // In English too.
        await op.GotoAsync(fixture.PrefectureUrl("/Prefecture/Dashboard?lang=en"));
        Assert.Equal("DX dashboard (towns compared)", (await op.Locator("h1").InnerTextAsync()).Trim());
        Assert.Contains("Kaneyama Town", await op.Locator("#towns").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(op);
    }

    [Fact]
    public async Task A_town_admin_cannot_open_the_dashboard()
    {
        var admin = await fixture.SignedInAsync(fixture.TownUrl("kaneyama", "/Console"), TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, fixture.AdminApp);
        var response = await admin.GotoAsync(fixture.TownUrl("kaneyama", "/Prefecture/Dashboard"));
        Assert.NotEqual(200, response!.Status);
        Assert.Equal(0, await admin.Locator("#towns").CountAsync());
    }

    [Fact]
    public async Task The_operator_finds_the_onboarding_of_the_towns_in_the_audit_log()
    {
        var op = await fixture.SignedInAsync(fixture.PrefectureUrl("/Prefecture"), PortalFixture.OperatorLogin, PortalFixture.OperatorPassword, fixture.OperatorApp);
        await op.GetByRole(AriaRole.Link, new() { Name = "操作ログ" }).ClickAsync();
        await op.ReachedAsync("**/Prefecture/Audit");
        await Accessibility.AssertNoViolations(op);

        // The fixture's operator onboarded 金山町 and 大蔵村 through the onboarding API; the log has them (it arrives over the bus).
        await op.FillAsync("#q", "/operator/municipalities");
        await op.SelectOptionAsync("#service", "onboarding");
        await Eventually.Until(async () =>
            {
                await op.GetByRole(AriaRole.Button, new() { Name = "検索する" }).ClickAsync();
                await op.ReachedAsync("**q=**");
                return await op.Locator("#entries tbody tr").CountAsync();
            },
            n => n >= 2, TimeSpan.FromSeconds(30), "the onboarding in the audit log");
        // (Other tests of this class may have onboarded and changed towns since: look at the single onboardings.)
        var entries = await op.Locator("#entries tbody tr").EvaluateAllAsync<string[][]>(
            "rows => rows.map(r => [r.querySelector('td.action code').textContent.trim(), r.querySelector('td.outcome').textContent.trim()])");
        var onboardings = entries.Where(e => e[0] == "POST /operator/municipalities").ToList();
        Assert.True(onboardings.Count >= 2, string.Join("; ", entries.Select(e => string.Join(" ", e))));
        Assert.All(onboardings, e => Assert.Equal("完了 (201)", e[1]));
        Assert.All(await op.Locator("#entries tbody tr td.service").AllInnerTextsAsync(), s => Assert.Equal("市町村の登録", s.Trim()));
        await Accessibility.AssertNoViolations(op);

        // Words that match nothing; a date that is not one: said beside the field.
        await op.FillAsync("#q", "no-such-action");
        await op.GetByRole(AriaRole.Button, new() { Name = "検索する" }).ClickAsync();
        await op.ReachedAsync("**q=no-such-action**");
        Assert.Equal("該当する記録はありません。", (await op.Locator("main p").Last.InnerTextAsync()).Trim());
        await op.GotoAsync(fixture.PrefectureUrl("/Prefecture/Audit?from=2026-13-01"));
        await Explained(op, () => op.WaitForSelectorAsync("#from-error"));
        Assert.Equal(1, await op.Locator("#error-summary a[href='#from']").CountAsync());
        await Accessibility.AssertNoViolations(op);
    }

    [Fact]
    public async Task The_operator_rolls_a_shared_form_out_to_both_towns_and_sees_their_versions()
    {
        var op = await fixture.SignedInAsync(fixture.PrefectureUrl("/Prefecture"), PortalFixture.OperatorLogin, PortalFixture.OperatorPassword, fixture.OperatorApp);
        await op.GetByRole(AriaRole.Link, new() { Name = "県の共通様式" }).ClickAsync();
        await op.ReachedAsync("**/Prefecture/Templates");
        await Accessibility.AssertNoViolations(op);
        await op.GetByRole(AriaRole.Link, new() { Name = "犬の登録申請・死亡届" }).ClickAsync();
        await op.ReachedAsync("**/Prefecture/Templates/dog-registration");
        await Explained(op, () => op.WaitForSelectorAsync("#adoptions"));
        Assert.Equal("未導入", (await op.Locator("#adoptions tr[data-town='063614'] td.state").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(op);

        // Nothing chosen: said beside the towns.
        await op.GetByRole(AriaRole.Button, new() { Name = "選んだ市町村に配布する" }).ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#towns-error"));
        Assert.Equal(1, await op.Locator("#error-summary a[href='#towns']").CountAsync());
        await Accessibility.AssertNoViolations(op);

        await op.GetByRole(AriaRole.Checkbox, new() { Name = "金山町に配布する" }).CheckAsync();
        await op.GetByRole(AriaRole.Checkbox, new() { Name = "大蔵村に配布する" }).CheckAsync();
        await op.GetByRole(AriaRole.Button, new() { Name = "選んだ市町村に配布する" }).ClickAsync();
        await Explained(op, () => op.ReachedAsync("**adopted=**"));
        Assert.Equal("2団体に配布しました。", (await op.Locator("#rolled p").First.InnerTextAsync()).Trim());
        foreach (var town in new[] { "063614", "063657" })
        {
            Assert.StartsWith("導入済み", (await op.Locator($"#adoptions tr[data-town='{town}'] td.state").InnerTextAsync()).Trim(), StringComparison.Ordinal);
            Assert.Contains("未公開", await op.Locator($"#adoptions tr[data-town='{town}'] td.state").InnerTextAsync(), StringComparison.Ordinal);
            Assert.Equal(0, await op.Locator($"#town-{town}").CountAsync()); // nothing left to roll out there
        }
        await Accessibility.AssertNoViolations(op);

        // 金山町 has it among its procedures (its admin reviews and publishes it).
        using var api = new HttpClient { BaseAddress = fixture.EApplicationAddress };
        api.DefaultRequestHeaders.Authorization = new("Bearer", fixture.KaneyamaAdminToken);
        var procedures = await api.GetStringAsync("/t/kaneyama/console/procedures");
        Assert.Contains("\"key\":\"dog-registration\"", procedures, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_operator_suspends_resumes_and_offboards_a_town_and_exports_its_data()
    {
        await fixture.OnboardAsync("064262", "mikawa", "Mikawa Town", "points");
        var op = await fixture.SignedInAsync(fixture.PrefectureUrl("/Prefecture"), PortalFixture.OperatorLogin, PortalFixture.OperatorPassword, fixture.OperatorApp);
        await op.GetByRole(AriaRole.Link, new() { Name = "三川町: 停止・廃止" }).ClickAsync();
        await op.ReachedAsync("**/Prefecture/Towns/064262/Lifecycle");
        Assert.Equal("利用中", (await op.Locator("#status").InnerTextAsync()).Trim());
        await Accessibility.AssertNoViolations(op);

        // Suspended: a reason is needed; then the town's portal shows its maintenance page.
        await op.GetByRole(AriaRole.Button, new() { Name = "一時停止する" }).ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#reason-error"));
        await Accessibility.AssertNoViolations(op);
        await op.FillAsync("#reason", "基幹システム移行のため");
        await op.GetByRole(AriaRole.Button, new() { Name = "一時停止する" }).ClickAsync();
        await Explained(op, () => op.ReachedAsync("**done=suspended"));
        Assert.Equal("一時停止中", (await op.Locator("#status").InnerTextAsync()).Trim());
        var visitor = await fixture.NewPageAsync();
        var maintenance = await Eventually.Until(() => visitor.GotoAsync(fixture.TownUrl("mikawa", "/")), r => r!.Status == 503, TimeSpan.FromSeconds(20), "三川町's maintenance page");
        Assert.Contains("三川町のオンラインサービスは一時停止しています", await visitor.Locator("h1").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(visitor);

        await op.GetByRole(AriaRole.Button, new() { Name = "再開する" }).ClickAsync();
        await Explained(op, () => op.ReachedAsync("**done=resumed"));
        Assert.Equal("利用中", (await op.Locator("#status").InnerTextAsync()).Trim());
        await Eventually.Until(() => visitor.GotoAsync(fixture.TownUrl("mikawa", "/")), r => r!.Status == 200, TimeSpan.FromSeconds(20), "三川町 served again");

        // Offboarded only once confirmed; its data is kept for the retention period and can be taken away.
        await op.GetByRole(AriaRole.Button, new() { Name = "廃止する" }).ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#confirmed-error"));
        await Accessibility.AssertNoViolations(op);
        await op.CheckAsync("#confirmed");
        await op.GetByRole(AriaRole.Button, new() { Name = "廃止する" }).ClickAsync();
        await Explained(op, () => op.ReachedAsync("**done=offboarded"));
        Assert.Contains("まで保持されます", await op.Locator("#retention").InnerTextAsync(), StringComparison.Ordinal);
        var download = await op.RunAndWaitForDownloadAsync(() => op.Locator("#export-points").ClickAsync());
        Assert.Equal("064262-points.ndjson", download.SuggestedFilename);
        var accounts = await op.RunAndWaitForDownloadAsync(() => op.Locator("#export-identity").ClickAsync());
        Assert.Equal("064262-identity.ndjson", accounts.SuggestedFilename);
        await Accessibility.AssertNoViolations(op);
    }

    [Fact]
    public async Task Bulk_onboarding_from_a_csv_shows_each_rows_problems_then_applies_every_town_at_once()
    {
        var op = await fixture.SignedInAsync(fixture.PrefectureUrl("/Prefecture"), PortalFixture.OperatorLogin, PortalFixture.OperatorPassword, fixture.OperatorApp);
        await op.GetByRole(AriaRole.Link, new() { Name = "市町村の一括登録（CSV）" }).ClickAsync();
        await op.ReachedAsync("**/Prefecture/Towns/Bulk");
        await Accessibility.AssertNoViolations(op);
        var check = op.GetByRole(AriaRole.Button, new() { Name = "確認する（登録しません）" });

        // Nothing given: said in the summary and beside the field.
        await check.ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#csv-error"));
        Assert.Equal(1, await op.Locator("#error-summary a[href='#csv']").CountAsync());
        await Accessibility.AssertNoViolations(op);

        // A file saved as Excel's plain 「CSV」 (Shift_JIS): said to be one, beside the file field.
        await op.SetInputFilesAsync("#file", new FilePayload
        {
            Name = "towns-sjis.csv", MimeType = "text/csv",
            Buffer = [.. Encoding.ASCII.GetBytes("code,slug,nameJa\r\n064611,yuza,"), 0x97, 0x56, 0x8D, 0xB2, 0x92, 0xAC, 0x0D, 0x0A], // 遊佐町
        });
        await check.ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#file-error"));
        Assert.Contains("UTF-8", await op.Locator("#file-error").InnerTextAsync(), StringComparison.Ordinal);

        // Pasted with a bad row: its problem by column, in the summary linking to the row; nothing onboarded, no way to apply.
        await op.FillAsync("#csv", "code,slug,nameEn,services\n064611,yuza,Yuza Town,e-application\n064017,kaneyama,Oguni Town,points\n");
        await check.ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#rows"));
        Assert.Equal("登録できます", (await op.Locator("#rows tr[data-line='2'] td.result").InnerTextAsync()).Trim());
        Assert.Contains("slug", await op.Locator("#rows tr[data-line='3'] td.result").InnerTextAsync(), StringComparison.Ordinal);
        Assert.StartsWith("3行目（064017）: slug", await op.Locator("#error-summary a[href='#row-3']").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await op.Locator("#fix").CountAsync());
        Assert.Equal(0, await op.GetByRole(AriaRole.Button, new() { Name = "2団体をまとめて登録する" }).CountAsync());
        await Accessibility.AssertNoViolations(op);
        await op.GotoAsync(fixture.PrefectureUrl("/Prefecture"));
        Assert.DoesNotContain("遊佐町", await op.Locator("main").InnerTextAsync(), StringComparison.Ordinal);

        // Corrected: checked clean, then applied; both towns are on the prefecture's list.
        await op.GotoAsync(fixture.PrefectureUrl("/Prefecture/Towns/Bulk"));
        const string corrected = "code,slug,nameEn,services\n064611,yuza,Yuza Town,e-application\n064017,oguni,Oguni Town,points\n";
        await op.FillAsync("#csv", corrected);
        await check.ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#rows tr[data-line='3'].ok"));
        Assert.Equal(0, await op.Locator("#error-summary").CountAsync());
        await Accessibility.AssertNoViolations(op);
        await op.GetByRole(AriaRole.Button, new() { Name = "2団体をまとめて登録する" }).ClickAsync();
        await Explained(op, () => op.ReachedAsync("**applied=2"));
        Assert.Contains("2団体を登録しました。", await op.Locator("#applied").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(op);
        await op.GetByRole(AriaRole.Link, new() { Name = "市町村の一覧へ" }).ClickAsync();
        await Eventually.Until(async () => { await op.ReloadAsync(); return await op.Locator("main table").InnerTextAsync(); },
            t => t.Contains("遊佐町", StringComparison.Ordinal) && t.Contains("小国町", StringComparison.Ordinal), TimeSpan.FromSeconds(20), "the new towns on the list");

        // The same file uploaded again (as Excel's 「CSV UTF-8」 saves it, with a BOM), in English: both towns are onboarded already.
        await op.GotoAsync(fixture.PrefectureUrl("/Prefecture/Towns/Bulk?lang=en"));
        Assert.Equal("Onboard towns from a CSV", (await op.Locator("h1").InnerTextAsync()).Trim());
        await op.SetInputFilesAsync("#file", new FilePayload { Name = "towns.csv", MimeType = "text/csv", Buffer = [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(corrected)] });
        await op.GetByRole(AriaRole.Button, new() { Name = "Check (onboards nothing)" }).ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#rows"));
        Assert.Equal(2, await op.Locator("#rows tbody tr.error").CountAsync());
        Assert.Contains("already onboarded", await op.Locator("#rows tr[data-line='2'] td.result").InnerTextAsync(), StringComparison.Ordinal);
        Assert.Contains("Correct the rows with problems", await op.Locator("#fix").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(op);
    }

    [Fact]
    public async Task The_operator_onboards_a_town_with_the_wizard_and_watches_every_service_take_it_up()
    {
        var op = await fixture.SignedInAsync(fixture.PrefectureUrl("/Prefecture"), PortalFixture.OperatorLogin, PortalFixture.OperatorPassword, fixture.OperatorApp);
        await op.GetByRole(AriaRole.Link, new() { Name = "市町村を登録する" }).ClickAsync();
        await op.ReachedAsync("**/Prefecture/Towns/New");
        await Accessibility.AssertNoViolations(op);

        // A wrong check digit: said beside the code.
        await op.FillAsync("#code", "064034");
        await op.GetByRole(AriaRole.Button, new() { Name = "名称を調べる" }).ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#code-error"));
        await Accessibility.AssertNoViolations(op);

        // The right code: its names from the national list.
        await op.FillAsync("#code", "064025");
        await op.GetByRole(AriaRole.Button, new() { Name = "名称を調べる" }).ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#looked-up"));
        Assert.Equal("白鷹町", await op.Locator("#nameJa").InputValueAsync());
        await op.FillAsync("#nameEn", "Shirataka Town");
        await op.FillAsync("#slug", "shirataka");
        // A light brand colour: the preview turns to dark text (as the portal will).
        await op.Locator("#primaryColor").FillAsync("#f4d03f");
        await op.GetByRole(AriaRole.Button, new() { Name = "プレビューを更新" }).ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#preview[data-primary='#f4d03f']"));
        Assert.Contains("color:#000000", await op.Locator("#preview-header").GetAttributeAsync("style") ?? "", StringComparison.OrdinalIgnoreCase);
        Assert.Equal("Shirataka Town", await op.Locator("#nameEn").InputValueAsync()); // kept across the preview
        await op.Locator("#logo").SetInputFilesAsync(new FilePayload
        {
            Name = "shirataka.png", MimeType = "image/png",
            Buffer = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
        });
        await op.CheckAsync("#service-e-application");
        await op.CheckAsync("#service-points");
        await op.FillAsync("#adminEmail", "admin@shirataka.example");
        await op.FillAsync("#adminName", "白鷹 太郎");
        await Accessibility.AssertNoViolations(op);
        await op.GetByRole(AriaRole.Button, new() { Name = "登録する", Exact = true }).ClickAsync();
        await Explained(op, () => op.ReachedAsync("**/Prefecture/Towns/064025?onboarded=True"));

        // Each service takes it up as the events arrive; the page refreshes itself until all are ready.
        await Explained(op, () => op.WaitForSelectorAsync("#provisioning-summary:has-text('すべてのサービスで利用できます。')", new() { Timeout = 30_000 }));
        Assert.Equal(["e-application", "identity", "onboarding", "points", "portal"],
            (await op.Locator("#provisioning tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.service)")).Order());
        Assert.All(await op.Locator("#provisioning td.state").AllInnerTextsAsync(), s => Assert.Equal("準備完了", s.Trim()));
        await Accessibility.AssertNoViolations(op);

        // The town's portal is live, in its name.
        await op.Locator("#portal-link").ClickAsync();
        await op.ReachedAsync("**/t/shirataka/");
        Assert.Contains("白鷹町", await op.Locator(".site-name").InnerTextAsync(), StringComparison.Ordinal);
        // With its logo, passed through by the portal (the branding changed after onboarding: wait for it).
        var logo = await Eventually.Until(async () => { await op.ReloadAsync(); return await op.Locator(".site-name img.logo").CountAsync(); },
            n => n == 1, TimeSpan.FromSeconds(20), "the town's logo in its portal");
        Assert.True(await op.Locator(".site-name img.logo").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 1"));
        await Accessibility.AssertNoViolations(op);
    }

    [Fact]
    public async Task The_prefecture_offers_a_campaign_template_and_a_town_makes_its_own_campaign_from_it()
    {
        var name = $"子育て応援ポイント（県モデル）{Guid.NewGuid().ToString("N")[..4]}";
        var op = await fixture.SignedInAsync(fixture.PrefectureUrl("/Prefecture"), PortalFixture.OperatorLogin, PortalFixture.OperatorPassword, fixture.OperatorApp);
        await op.GetByRole(AriaRole.Link, new() { Name = "施策テンプレート（地域ポイント）" }).ClickAsync();
        await op.ReachedAsync("**/Prefecture/Campaigns");
        await Accessibility.AssertNoViolations(op);

        // Without points per grant: said beside the field.
        await op.FillAsync("#name", name);
        await op.GetByRole(AriaRole.Button, new() { Name = "テンプレートを作る" }).ClickAsync();
        await Explained(op, () => op.WaitForSelectorAsync("#pointsPerGrant-error"));
        await Accessibility.AssertNoViolations(op);
        await op.FillAsync("#pointsPerGrant", "3000");
        await op.GetByRole(AriaRole.Button, new() { Name = "テンプレートを作る" }).ClickAsync();
        await Explained(op, () => op.ReachedAsync("**done=created"));

        var template = op.Locator("section[data-template]").Filter(new() { HasText = name });
        await template.GetByRole(AriaRole.Checkbox, new() { Name = "金山町" }).CheckAsync();
        await template.GetByRole(AriaRole.Button, new() { Name = "選んだ市町村に提供する" }).ClickAsync();
        await Explained(op, () => op.ReachedAsync("**done=offered"));
        Assert.Contains("金山町", await op.Locator("section[data-template]").Filter(new() { HasText = name }).Locator(".offered-to").InnerTextAsync(), StringComparison.Ordinal);
        await Accessibility.AssertNoViolations(op);

        // 金山町's admin makes the town's campaign from it, with its budget and start.
        var admin = await fixture.SignedInAsync(fixture.TownUrl("kaneyama", "/Console/Points"), TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, fixture.AdminApp);
        await admin.GetByRole(AriaRole.Link, new() { Name = "県の施策テンプレートから作る" }).ClickAsync();
        await admin.ReachedAsync("**/Console/Points/Templates");
        await Accessibility.AssertNoViolations(admin);
        var offered = admin.Locator("section[data-template]").Filter(new() { HasText = name });
        await offered.Locator("input[name=budget]").FillAsync("500000");
        await offered.Locator("input[name=start]").FillAsync(DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9)).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await offered.GetByRole(AriaRole.Button).ClickAsync();
        await Explained(admin, () => admin.ReachedAsync("**/Console/Points?done=created"));
        Assert.Contains(name, await admin.Locator("main").InnerTextAsync(), StringComparison.Ordinal);
    }
}
