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
/// </summary>
public sealed class BulkOnboardingTests(OnboardingFixture fixture) : IClassFixture<OnboardingFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private Task<HttpResponseMessage> PostAsync(string csv, bool? dryRun, string type = "text/csv")
    {
        var content = new ByteArrayContent([.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(csv)]);
        content.Headers.ContentType = new(type) { CharSet = "utf-8" };
        return fixture.Operator.PostAsync("/operator/municipalities/bulk" + (dryRun is null ? "" : $"?dryRun={dryRun.Value.ToString().ToLowerInvariant()}"), content, Ct);
    }

    private async Task<List<string>> OnboardedCodesAsync() =>
        [.. (await fixture.Operator.GetFromJsonAsync<List<TenantSnapshot>>("/operator/municipalities", Ct))!.Select(t => t.Code)];

    private const string Header = "code,slug,nameEn,services,adminEmail,adminName,primaryColor,accentColor\r\n";

    [Fact]
    public async Task A_dry_run_reports_each_rows_problems_by_column_and_changes_nothing_then_a_clean_file_onboards_every_town_at_once()
    {
        var bad = Header
            + "062014,yamagata,Yamagata City,e-application;points,admin@yamagata.example,山形 太郎,#1F5FA8,#F2F6FB\r\n"
            + "062023,yonezawa,Yonezawa City,e-application,,,,\r\n"                    // wrong check digit
            + "062031,yamagata,Tsuruoka City,e-application parking,,,,\r\n"            // slug twice, unknown service
            + "062014,sakata,\"Sakata, City\",,not-an-address,酒田 花子,#12,\r\n";  // code twice, bad e-mail and colour
        var dry = await (await Ok(await PostAsync(bad, dryRun: true))).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((4, 3, true, false), (dry.GetProperty("rows").GetInt32(), dry.GetProperty("rowsWithErrors").GetInt32(), dry.GetProperty("dryRun").GetBoolean(), dry.GetProperty("applied").GetBoolean()));
        var rows = dry.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([2, 3, 4, 5], rows.Select(r => r.GetProperty("line").GetInt32()));
        Assert.True(rows[0].GetProperty("ok").GetBoolean());
        Assert.Equal(["code", "nameJa"], Columns(rows[1])); // no name in the national list for a code that is not one
        Assert.Equal(["services", "slug"], Columns(rows[2]));
        Assert.Contains("line 2", rows[2].GetProperty("errors").GetProperty("slug")[0].GetString());
        Assert.Equal(["adminEmail", "code", "primaryColor"], Columns(rows[3]));
        Assert.Empty(await OnboardedCodesAsync());

        // Applied with errors (and by default a file is only a dry run): nothing is onboarded.
        var refused = await PostAsync(bad, dryRun: false);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Equal(3, (await refused.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("rowsWithErrors").GetInt32());
        Assert.Empty(await OnboardedCodesAsync());

        var clean = Header
            + "062014,yamagata,Yamagata City,e-application;points,admin@yamagata.example,山形 太郎,#1F5FA8,#F2F6FB\r\n"
            + "062022,yonezawa,Yonezawa City,e-application,,,,\r\n"
            + "062031,tsuruoka,\"Tsuruoka City\",talent,,,,\r\n";
        await Ok(await PostAsync(clean, dryRun: null));
        Assert.Empty(await OnboardedCodesAsync());
        var applied = await (await Ok(await PostAsync(clean, dryRun: false), HttpStatusCode.Created)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(applied.GetProperty("applied").GetBoolean());
        Assert.Equal(["062014", "062022", "062031"], (await OnboardedCodesAsync()).Order());
        var yamagata = await fixture.Operator.GetFromJsonAsync<TenantSnapshot>("/operator/municipalities/062014", Ct);
        Assert.Equal(("山形市", "yamagata", TenantStatuses.Active), (yamagata!.NameJa, yamagata.Slug, yamagata.Status));
        Assert.Equal(["e-application", "points"], yamagata.EnabledServices);

        // Each town announced to the other services as a single onboarding is (TenantOnboarded, relayed by the outbox).
        var announced = await fixture.Database.QueryAsAppAsync<string>("select stream_id from public.mt_events where type = 'tenant_onboarded'", TestEnvironment.PrefectureCode);
        Assert.Equal(["062014", "062022", "062031"], announced.Order());
        // The same file again: every row is already onboarded.
        var again = await (await Ok(await PostAsync(clean, dryRun: true))).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(3, again.GetProperty("rowsWithErrors").GetInt32());
    }

    private static IEnumerable<string> Columns(JsonElement row) => row.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order();

    [Theory]
    [InlineData("code,slug\r\n062057,\"shinjo\r\n", "Line 2")]                      // a quote never closed
    [InlineData("code,slug\r\n062057,shin\"jo\r\n", "Line 2")]                       // a stray quote
    [InlineData("code,slug,mayor\r\n062057,shinjo,x\r\n", "Line 1")]                // unknown column
    [InlineData("code,code,slug\r\n062057,062057,shinjo\r\n", "Line 1")]            // a column twice
    [InlineData("slug,nameEn\r\nshinjo,Shinjo\r\n", "Line 1")]                      // no code column
    [InlineData("code,slug\r\n062057,shinjo,extra\r\n", "Line 2")]                  // more cells than the header
    [InlineData("code,slug\r\n", "No towns")]
    [InlineData("", "empty")]
    public async Task A_file_that_cannot_be_read_is_a_problem_naming_the_line(string csv, string said)
    {
        var problem = await AssertProblem(await PostAsync(csv, dryRun: true), HttpStatusCode.BadRequest, "file");
        Assert.Contains(said, problem.GetProperty("errors").GetProperty("file")[0].GetString());
    }

    [Fact]
    public async Task Too_many_rows_not_csv_not_utf8_and_non_operators_are_refused()
    {
        var many = new StringBuilder("code,slug\r\n");
        for (var i = 0; i < 501; i++)
        {
            many.Append("062057,s").Append(i).Append("\r\n");
        }
        var problem = await AssertProblem(await PostAsync(many.ToString(), dryRun: true), HttpStatusCode.BadRequest, "file");
        Assert.Contains("At most 500", problem.GetProperty("errors").GetProperty("file")[0].GetString());
        await AssertProblem(await PostAsync("code,slug\r\n062057,shinjo\r\n", dryRun: true, type: "application/json"), HttpStatusCode.UnsupportedMediaType);
        var latin1 = new ByteArrayContent([.. Encoding.ASCII.GetBytes("code,slug,nameEn\r\n062057,shinjo,"), 0xE9, 0x0D, 0x0A]);
        latin1.Headers.ContentType = new("text/csv");
        await AssertProblem(await fixture.Operator.PostAsync("/operator/municipalities/bulk?dryRun=true", latin1, Ct), HttpStatusCode.BadRequest, "file");
        await AssertProblem(await fixture.Operator.PostAsync("/operator/municipalities/bulk?dryRun=maybe", new StringContent("code,slug\r\n", Encoding.UTF8, "text/csv"), Ct), HttpStatusCode.BadRequest);

        using var anonymous = fixture.OnboardingWith(null);
        await AssertProblem(await anonymous.PostAsync("/operator/municipalities/bulk", new StringContent("code,slug\r\n062057,shinjo\r\n", Encoding.UTF8, "text/csv"), Ct), HttpStatusCode.Unauthorized);
        using var townAdmin = fixture.OnboardingWith(await fixture.Identity.SignIn(TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, new TotpAuthenticator()));
        await AssertProblem(await townAdmin.PostAsync("/operator/municipalities/bulk", new StringContent("code,slug\r\n062057,shinjo\r\n", Encoding.UTF8, "text/csv"), Ct), HttpStatusCode.Forbidden);
    }
}
