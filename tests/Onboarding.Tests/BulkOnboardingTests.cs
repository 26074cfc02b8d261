using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using SharedServices.Contracts.Tenancy;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;

namespace SharedServices.Onboarding.Tests;

/// <summary>
/// Onboarding many towns from a CSV (一括登録): a dry run changes nothing and says what is wrong per row
/// and column; applying a file with any bad row applies nothing; a clean file onboards every town at
/// once, each announced to the other services; a file that cannot be read is a problem naming the line.
/// (The tests share one database: each uses towns of its own.)
/// </summary>
public sealed class BulkOnboardingTests(OnboardingFixture fixture) : IClassFixture<OnboardingFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string Header = "code,slug,nameEn,services,adminEmail,adminName,primaryColor,accentColor\r\n";

    /// <summary>Posts <paramref name="csv"/> as Excel's 「CSV UTF-8」 saves it (with a BOM).</summary>
    private Task<HttpResponseMessage> PostAsync(string csv, bool? dryRun, string type = "text/csv", HttpClient? client = null)
    {
        var content = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]);
        content.Headers.ContentType = new(type) { CharSet = "utf-8" };
        return (client ?? fixture.Operator).PostAsync("/operator/municipalities/bulk" + (dryRun is null ? "" : $"?dryRun={dryRun.Value.ToString().ToLowerInvariant()}"), content, Ct);
    }

    /// <summary>Which of <paramref name="codes"/> have a stream of events: onboarded, or half-onboarded.</summary>
    private async Task<List<string>> StoredAsync(params string[] codes) =>
        await fixture.Database.QueryAsAppAsync<string>(
            $"select distinct stream_id from public.mt_events where stream_id in ({string.Join(',', codes.Select(c => $"'{c}'"))}) order by 1",
            TestEnvironment.PrefectureCode);

    private static List<JsonElement> Rows(JsonElement result) => [.. result.GetProperty("results").EnumerateArray()];

    private static IEnumerable<string> Columns(JsonElement row) => row.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order();

    private static string Error(JsonElement row, string column) => string.Join(" ", row.GetProperty("errors").GetProperty(column).EnumerateArray().Select(m => m.GetString()));

    [Fact]
    public async Task A_dry_run_reports_each_rows_problems_by_column_and_stores_nothing()
    {
        var csv = Header
            + "062049,sakata,Sakata City,e-application;points,admin@sakata.example,酒田 太郎,#1F5FA8,#F2F6FB\r\n"
            + "062065,sagae,Sagae City,e-application parking,,,,\r\n"                      // unknown service
            + "062073,kaminoyama,\"Kaminoyama\r\nCity\",,not-an-address,上山 花子,#12,\r\n"   // a line break in a quoted cell; bad e-mail, colour
            + "062081,Murayama,\"Murayama \"\"City\"\"\",,,,,\r\n";                          // after the two-line row; a bad slug
        var dry = await (await Ok(await PostAsync(csv, dryRun: true))).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal((4, 3, true, false), (dry.GetProperty("rows").GetInt32(), dry.GetProperty("rowsWithErrors").GetInt32(), dry.GetProperty("dryRun").GetBoolean(), dry.GetProperty("applied").GetBoolean()));
        var rows = Rows(dry);
        Assert.Equal([2, 3, 4, 6], rows.Select(r => r.GetProperty("line").GetInt32()));
        Assert.True(rows[0].GetProperty("ok").GetBoolean());
        Assert.Equal(["services"], Columns(rows[1]));
        Assert.Contains("'parking' is not a service", Error(rows[1], "services"));
        Assert.Equal(["adminEmail", "nameEn", "primaryColor"], Columns(rows[2]));
        Assert.Equal(["slug"], Columns(rows[3]));
        Assert.Equal("Murayama", rows[3].GetProperty("slug").GetString());
        Assert.Empty(dry.GetProperty("towns").EnumerateArray());
        Assert.Empty(await StoredAsync("062049", "062065", "062073", "062081"));
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Operator.GetAsync("/operator/municipalities/062049", Ct)).StatusCode);

        // Without dryRun a file is only checked, whatever it holds.
        var clean = Header + "062049,sakata,Sakata City,e-application,,,,\r\n";
        Assert.False((await (await Ok(await PostAsync(clean, dryRun: null))).Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("applied").GetBoolean());
        Assert.Empty(await StoredAsync("062049"));
    }

    [Fact]
    public async Task One_bad_row_applies_nothing_and_the_refusal_carries_every_rows_result()
    {
        var csv = Header
            + "062090,nagai,Nagai City,e-application,,,,\r\n"
            + "062103,tendo,Tendo City,points,admin@tendo.example,天童 一郎,,\r\n"
            + "062111,higashine,Higashine City,talent,admin@higashine,東根 花子,,\r\n"  // an address without a dotted domain
            + "062120,obanazawa,Obanazawa City,,,,,\r\n";

        var refused = await AssertProblem(await PostAsync(csv, dryRun: false), HttpStatusCode.UnprocessableEntity);

        Assert.Equal((false, 4, 1), (refused.GetProperty("applied").GetBoolean(), refused.GetProperty("rows").GetInt32(), refused.GetProperty("rowsWithErrors").GetInt32()));
        var rows = Rows(refused);
        Assert.Equal([true, true, false, true], rows.Select(r => r.GetProperty("ok").GetBoolean()));
        Assert.Equal(["adminEmail"], Columns(rows[2]));
        Assert.Contains("1 of 4 rows", refused.GetProperty("detail").GetString());
        Assert.Empty(await StoredAsync("062090", "062103", "062111", "062120"));
    }

    [Fact]
    public async Task A_clean_file_onboards_every_town_at_once_and_announces_each_to_the_services()
    {
        var csv = Header
            + "063011,yamanobe,Yamanobe Town,e-application;points,admin@yamanobe.example,山辺 太郎,#8B0000,#FFF5F5\r\n"
            + "063029,nakayama,Nakayama Town,e-application,,,,\r\n"
            + "063215,kahoku,\"Kahoku Town\",talent points,,,,\r\n"
            + ",,,,,,,\r\n"; // Excel's empty row below the table: no town

        var applied = await (await Ok(await PostAsync(csv, dryRun: false), HttpStatusCode.Created)).Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal((true, 3, 0), (applied.GetProperty("applied").GetBoolean(), applied.GetProperty("rows").GetInt32(), applied.GetProperty("rowsWithErrors").GetInt32()));
        var towns = applied.GetProperty("towns").Deserialize<List<TenantSnapshot>>(JsonSerializerOptions.Web)!;
        Assert.Equal(["063011", "063029", "063215"], towns.Select(t => t.Code));
        Assert.Equal(["山辺町", "中山町", "河北町"], towns.Select(t => t.NameJa)); // from the national list
        var yamanobe = await fixture.Operator.GetFromJsonAsync<TenantSnapshot>("/operator/municipalities/063011", Ct);
        Assert.Equal(("yamanobe", "Yamanobe Town", TenantStatuses.Active, "#8B0000"), (yamanobe!.Slug, yamanobe.NameEn, yamanobe.Status, yamanobe.Branding.PrimaryColor));
        Assert.Equal(["e-application", "points"], yamanobe.EnabledServices);
        Assert.Equal(["points", "talent"], (await fixture.Operator.GetFromJsonAsync<TenantSnapshot>("/operator/municipalities/063215", Ct))!.EnabledServices);

        // Each town's TenantOnboarded is stored once, with its first admin, beside its onboarding ...
        var announced = await fixture.Database.QueryAsAppAsync<string>(
            "select stream_id || ' ' || coalesce(data -> 'FirstAdmin' ->> 'Email', '-') from public.mt_events where type = 'tenant_onboarded' and stream_id in ('063011', '063029', '063215') order by 1",
            TestEnvironment.PrefectureCode);
        Assert.Equal(["063011 admin@yamanobe.example", "063029 -", "063215 -"], announced);
        // ... and published over RabbitMQ: the service's own tenant registry has consumed each.
        using var anyone = fixture.Onboarding.CreateClient();
        foreach (var code in new[] { "063011", "063029", "063215" })
        {
            await Eventually.Until(() => anyone.GetFromJsonAsync<JsonElement>($"/towns/{code}/registry", Ct),
                r => r.GetProperty("known").GetBoolean(), TimeSpan.FromSeconds(20), $"{code} announced");
        }

        // The same file again: every row is onboarded already, and nothing changes.
        var again = await AssertProblem(await PostAsync(csv, dryRun: false), HttpStatusCode.UnprocessableEntity);
        Assert.All(Rows(again), r => Assert.Contains("already onboarded", Error(r, "code")));
    }

    [Fact]
    public async Task Codes_and_slugs_twice_in_the_file_or_taken_by_a_town_already_onboarded_are_errors_of_their_rows()
    {
        Assert.Equal(HttpStatusCode.Created, (await fixture.Operator.Onboard("062138", "nanyo", "Nanyo City")).StatusCode);
        var csv = Header
            + "062138,nanyo2,Nanyo City,,,,,\r\n"        // the code is onboarded already
            + "063223,nanyo,Nishikawa Town,,,,,\r\n"     // the slug is another town's
            + "063231,asahi,Asahi Town,,,,,\r\n"
            + "063231,asahi2,Asahi Town,,,,,\r\n"        // the code of line 4 again
            + "063240,asahi,Oe Town,,,,,\r\n";           // the slug of line 4 again

        var rows = Rows(await (await Ok(await PostAsync(csv, dryRun: true))).Content.ReadFromJsonAsync<JsonElement>(Ct));

        Assert.Equal([["code"], ["slug"], [], ["code"], ["slug"]], rows.Select(r => Columns(r).ToArray()));
        Assert.Contains("already onboarded", Error(rows[0], "code"));
        Assert.Contains("already used by another town", Error(rows[1], "slug"));
        Assert.Contains("on line 4 too", Error(rows[3], "code"));
        Assert.Contains("on line 4 too", Error(rows[4], "slug"));
        await AssertProblem(await PostAsync(csv, dryRun: false), HttpStatusCode.UnprocessableEntity);
        Assert.Empty(await StoredAsync("063223", "063231", "063240"));
        Assert.Equal("nanyo", (await fixture.Operator.GetFromJsonAsync<TenantSnapshot>("/operator/municipalities/062138", Ct))!.Slug);
    }

    [Fact]
    public async Task Two_files_applied_at_once_with_a_town_in_common_never_leave_one_half_applied()
    {
        // Both may pass their checks before either commits: then the later commit fails whole (409), not town by town.
        var first = PostAsync(Header + "063631,funagata,Funagata Town,,,,,\r\n063649,mamurogawa,Mamurogawa Town,,,,,\r\n", dryRun: false);
        var second = PostAsync(Header + "063649,mamurogawa2,Mamurogawa Town,,,,,\r\n063665,sakegawa,Sakegawa Village,,,,,\r\n", dryRun: false);
        var answers = await Task.WhenAll(first, second);

        var statuses = answers.Select(a => a.StatusCode).ToList();
        Assert.Equal(1, statuses.Count(s => s == HttpStatusCode.Created));
        var loser = answers.Single(a => a.StatusCode != HttpStatusCode.Created);
        await AssertProblem(loser, loser.StatusCode); // 409 (lost the race) or 422 (checked after the other's commit)
        Assert.Contains(loser.StatusCode, new[] { HttpStatusCode.Conflict, HttpStatusCode.UnprocessableEntity });
        var firstWon = statuses[0] == HttpStatusCode.Created;
        Assert.Equal(firstWon ? ["063631", "063649"] : ["063649", "063665"], await StoredAsync("063631", "063649", "063665"));
        Assert.Equal(firstWon ? "mamurogawa" : "mamurogawa2", (await fixture.Operator.GetFromJsonAsync<TenantSnapshot>("/operator/municipalities/063649", Ct))!.Slug);
    }

    [Theory]
    [InlineData("062139", "check digit")]                         // 南陽市 is 062138
    [InlineData("06214", "exactly 6 digits")]
    [InlineData("131016", "not a municipality of this prefecture")] // 千代田区, 東京都
    [InlineData("060003", "not a town")]                          // 山形県 itself
    [InlineData("069019", "not in the national list")]            // well formed, this prefecture, no such town
    public async Task A_code_that_is_no_town_of_this_prefecture_is_the_error_of_its_row(string code, string said)
    {
        var row = Rows(await (await Ok(await PostAsync(Header + $"{code},somewhere,Somewhere,,,,,\r\n", dryRun: true))).Content.ReadFromJsonAsync<JsonElement>(Ct)).Single();

        Assert.Equal(["code"], Columns(row)); // the name the list would have given is not a second problem
        Assert.Contains(said, Error(row, "code"));
    }

    [Fact]
    public async Task A_town_missing_from_the_national_list_is_onboarded_with_its_Japanese_name_given()
    {
        var code = OperatorCalls.UnlistedCode(31);
        var applied = await (await Ok(await PostAsync($"code,slug,nameJa,nameEn\r\n{code},shinkawa,新川町,Shinkawa Town\r\n", dryRun: false), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);

        Assert.Equal("新川町", applied.GetProperty("towns")[0].GetProperty("nameJa").GetString());
    }

    [Theory]
    [InlineData("code,slug\r\n062057,\"shinjo\r\n", "Line 2")]                      // a quote never closed
    [InlineData("code,slug,nameEn\r\n062057,shinjo,Shinjo\r\n064611,\"yuza,Yuza\r\n", "Line 3")]
    [InlineData("code,slug\r\n062057,shin\"jo\r\n", "Line 2")]                       // a stray quote
    [InlineData("code,slug\r\n062057,\"shin\"jo\r\n", "Line 2")]                     // text after the closing quote
    [InlineData("code,slug,mayor\r\n062057,shinjo,x\r\n", "Line 1")]                // unknown column
    [InlineData("町コード,slug\r\n062057,shinjo\r\n", "Line 1")]                     // a header in other words
    [InlineData("062057,shinjo\r\n064611,yuza\r\n", "Line 1")]                       // no header at all
    [InlineData("code,code,slug\r\n062057,062057,shinjo\r\n", "Line 1")]            // a column twice
    [InlineData("slug,nameEn\r\nshinjo,Shinjo\r\n", "Line 1")]                      // no code column
    [InlineData("code,slug\r\n062057,shinjo,extra\r\n", "Line 2")]                  // more cells than the header
    [InlineData("code,slug,nameEn\r\n062057,shinjo\r\n", "Line 2")]                 // fewer
    [InlineData("code,slug\r\n", "No towns")]
    [InlineData("", "empty")]
    public async Task A_file_that_cannot_be_read_is_a_problem_naming_the_line(string csv, string said)
    {
        foreach (var dryRun in new[] { true, false })
        {
            var problem = await AssertProblem(await PostAsync(csv, dryRun), HttpStatusCode.BadRequest, "file");
            Assert.Contains(said, problem.GetProperty("errors").GetProperty("file")[0].GetString());
        }
        Assert.Empty(await StoredAsync("062057", "064611"));
    }

    [Fact]
    public async Task Too_many_rows_or_too_many_bytes_are_refused_unread()
    {
        var many = new StringBuilder("code,slug\r\n");
        for (var i = 0; i < 501; i++)
        {
            many.Append("062057,s").Append(i).Append("\r\n");
        }
        var problem = await AssertProblem(await PostAsync(many.ToString(), dryRun: true), HttpStatusCode.BadRequest, "file");
        Assert.Contains("At most 500", problem.GetProperty("errors").GetProperty("file")[0].GetString());

        // 500 rows with long names: beyond the platform's usual 256 KB body, within the file's 1 MB.
        var large = new StringBuilder("code,slug,nameEn,adminEmail,adminName\r\n");
        for (var i = 0; i < 500; i++)
        {
            large.Append("062057,s").Append(i).Append(',').Append(new string('N', 60)).Append(",admin").Append(i).Append('@').Append(new string('x', 200)).Append(".example,")
                .Append(new string('名', 100)).Append("\r\n");
        }
        Assert.InRange(Encoding.UTF8.GetByteCount(large.ToString()), 256 * 1024 + 1, 1024 * 1024);
        var read = await (await Ok(await PostAsync(large.ToString(), dryRun: true))).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(500, read.GetProperty("rows").GetInt32());

        // Beyond 1 MB: 413, whether the length is announced or not (chunked).
        var tooLarge = "code,slug\r\n" + string.Concat(Enumerable.Repeat("062057,shinjo\r\n", 80_000));
        Assert.True(Encoding.UTF8.GetByteCount(tooLarge) > 1024 * 1024);
        var announced = await AssertProblem(await PostAsync(tooLarge, dryRun: true), HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("at most 1 MB", announced.GetProperty("detail").GetString());
        var chunked = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(tooLarge)));
        chunked.Headers.ContentType = new("text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/operator/municipalities/bulk?dryRun=false") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await AssertProblem(await fixture.Operator.SendAsync(request, Ct), HttpStatusCode.RequestEntityTooLarge);
        Assert.Empty(await StoredAsync("062057"));
    }

    [Fact]
    public async Task Not_csv_not_utf8_a_bad_dry_run_flag_and_non_operators_are_refused()
    {
        const string csv = "code,slug\r\n062057,shinjo\r\n";
        await AssertProblem(await PostAsync(csv, dryRun: true, type: "application/json"), HttpStatusCode.UnsupportedMediaType);
        var latin1 = new ByteArrayContent([.. Encoding.ASCII.GetBytes("code,slug,nameEn\r\n062057,shinjo,"), 0xE9, 0x0D, 0x0A]);
        latin1.Headers.ContentType = new("text/csv");
        await AssertProblem(await fixture.Operator.PostAsync("/operator/municipalities/bulk?dryRun=true", latin1, Ct), HttpStatusCode.BadRequest, "file");
        await AssertProblem(await fixture.Operator.PostAsync("/operator/municipalities/bulk?dryRun=maybe", new StringContent(csv, Encoding.UTF8, "text/csv"), Ct), HttpStatusCode.BadRequest);

        using var anonymous = fixture.OnboardingWith(null);
        await AssertProblem(await PostAsync(csv, dryRun: false, client: anonymous), HttpStatusCode.Unauthorized);
        using var townAdmin = fixture.OnboardingWith(await fixture.Identity.SignIn(TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, new TotpAuthenticator()));
        await AssertProblem(await PostAsync(csv, dryRun: false, client: townAdmin), HttpStatusCode.Forbidden);
        Assert.Empty(await StoredAsync("062057"));
    }
}
