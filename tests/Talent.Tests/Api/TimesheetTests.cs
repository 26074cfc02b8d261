using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static SharedServices.Testing.Responses;
using static SharedServices.Talent.Tests.Api.TalentFixture;

namespace SharedServices.Talent.Tests.Api;

/// <summary>Hours logged and approved, programme rules flagged, costs split between towns with the subsidy applied.</summary>
[Collection(ServiceGroup.Name)]
public sealed class TimesheetTests(TalentFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> AssignedAsync(HttpClient town, string townCode, string personToken, string personId, Dictionary<string, object?> need)
    {
        var needId = await PostNeedAsync(town, need);
        using var op = fixture.Client(null, fixture.OperatorToken);
        await Ok(await op.PostAsJsonAsync($"/prefecture/needs/{townCode}/{needId}/proposals", new { talentId = personId }, Ct));
        await Ok(await town.PostAsync($"/console/needs/{needId}/proposals/{personId}/acceptance", null, Ct));
        using var me = fixture.Client(null, personToken);
        return (await Json(await me.PostAsync($"/talent/offers/{townCode}/{needId}/acceptance", null, Ct), HttpStatusCode.Created)).GetProperty("id").GetString()!;
    }

    [Fact]
    public async Task A_shared_persons_approved_hours_cost_each_town_its_share_with_the_subsidy_of_its_procurement()
    {
        var month = "2028-01";
        var (token, id) = await fixture.ListedPersonAsync(Profile("中村 六子", [Skill("infrastructure", 4)], hoursPerMonth: 40, from: "2028-01", months: 6, rate: 8_000));
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        using var okura = fixture.Client(Okura, fixture.OkuraAdminToken);
        var k = await AssignedAsync(kaneyama, KaneyamaCode, token, id, Need("基盤更改", [Skill("infrastructure", 3)], hours: 20, from: "2028-01", until: "2028-03"));
        var alone = Need("クラウド移行", [Skill("infrastructure", 3)], hours: 15, from: "2028-01", until: "2028-03");
        alone["procurement"] = "alone";
        var o = await AssignedAsync(okura, OkuraCode, token, id, alone);

        using var me = fixture.Client(null, token);
        await Ok(await me.PutAsJsonAsync($"/talent/assignments/{KaneyamaCode}/{k}/timesheets/{month}", new { hours = 18m, onSiteDays = 2 }, Ct));
        await Ok(await me.PutAsJsonAsync($"/talent/assignments/{OkuraCode}/{o}/timesheets/{month}", new { hours = 12m, onSiteDays = 0 }, Ct));
        var mine = await Json(await me.GetAsync("/talent/assignments", Ct));
        Assert.Equal(2, mine.EnumerateArray().Count(a => a.GetProperty("assignment").GetProperty("talentId").GetString() == id));

        using var kaneyamaStaff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        await Ok(await kaneyamaStaff.PostAsync($"/console/assignments/{k}/timesheets/{month}/approval", null, Ct), HttpStatusCode.Forbidden);
        await Ok(await kaneyama.PostAsync($"/console/assignments/{k}/timesheets/{month}/approval", null, Ct));
        await AssertProblem(await kaneyama.PostAsync($"/console/assignments/{k}/timesheets/{month}/approval", null, Ct), HttpStatusCode.Conflict);
        await Ok(await okura.PostAsync($"/console/assignments/{o}/timesheets/{month}/approval", null, Ct));
        // Approved: the person can no longer change the month.
        await AssertProblem(await me.PutAsJsonAsync($"/talent/assignments/{KaneyamaCode}/{k}/timesheets/{month}", new { hours = 30m, onSiteDays = 2 }, Ct), HttpStatusCode.Conflict);

        var kaneyamaCosts = await Json(await kaneyamaStaff.GetAsync($"/console/costs?month={month}", Ct));
        var line = kaneyamaCosts.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("assignmentId").GetString() == k);
        Assert.Equal((18m, 144_000m, 0.5m, 72_000m), (line.GetProperty("hours").GetDecimal(), line.GetProperty("cost").GetDecimal(), line.GetProperty("subsidyRate").GetDecimal(), line.GetProperty("net").GetDecimal()));
        var okuraCosts = await Json(await okura.GetAsync($"/console/costs?month={month}", Ct));
        var okuraLine = okuraCosts.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("assignmentId").GetString() == o);
        Assert.Equal((96_000m, 0.3m, 67_200m), (okuraLine.GetProperty("cost").GetDecimal(), okuraLine.GetProperty("subsidyRate").GetDecimal(), okuraLine.GetProperty("net").GetDecimal()));
        Assert.DoesNotContain(okuraCosts.GetProperty("lines").EnumerateArray(), l => l.GetProperty("assignmentId").GetString() == k);

        using var op = fixture.Client(null, fixture.OperatorToken);
        var summary = await Json(await op.GetAsync($"/prefecture/costs?month={month}", Ct));
        var person = summary.GetProperty("people").EnumerateArray().Single(p => p.GetProperty("talentId").GetString() == id);
        Assert.Equal(30m, person.GetProperty("hours").GetDecimal());
        Assert.Equal(240_000m, person.GetProperty("cost").GetDecimal());
        var split = person.GetProperty("towns").EnumerateArray().ToDictionary(t => t.GetProperty("town").GetString()!, t => t.GetProperty("share").GetDecimal());
        Assert.Equal(0.6m, split[KaneyamaCode]);
        Assert.Equal(0.4m, split[OkuraCode]);

        var approvals = await fixture.Database.QueryAsAppAsync<string>($"select data::text from public.mt_events where type = 'hours_approved' and stream_id = 'assignment-{k}'", KaneyamaCode);
        var approved = System.Text.Json.JsonDocument.Parse(Assert.Single(approvals)).RootElement;
        Assert.Equal((144_000m, 72_000m), (approved.GetProperty("Cost").GetDecimal(), approved.GetProperty("NetCost").GetDecimal()));
        await AssertProblem(await kaneyamaStaff.GetAsync("/console/costs?month=January", Ct), HttpStatusCode.BadRequest, "month");
    }

    [Fact]
    public async Task Programme_rules_flag_an_assignment_and_a_month_below_them_and_bad_or_foreign_timesheets_are_refused()
    {
        var (token, id) = await fixture.ListedPersonAsync(Profile("小林 七海", [Skill("strategy", 3)], hoursPerMonth: 40, from: "2028-04", months: 6));
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        // 地域活性化起業人（副業型）: at least 4 days and 20 hours a month in the town.
        var a = await AssignedAsync(kaneyama, KaneyamaCode, token, id, Need("起業人", [Skill("strategy", 2)], hours: 16, from: "2028-04", until: "2028-06", onSiteDays: 4, programme: "chiiki-kigyojin-side"));
        var assignment = (await Json(await kaneyama.GetAsync("/console/assignments", Ct))).EnumerateArray().Single(x => x.GetProperty("id").GetString() == a);
        Assert.Contains("地域活性化起業人", assignment.GetProperty("flag").GetString());

        using var me = fixture.Client(null, token);
        var sheet = await Json(await me.PutAsJsonAsync($"/talent/assignments/{KaneyamaCode}/{a}/timesheets/2028-04", new { hours = 22m, onSiteDays = 3 }, Ct));
        Assert.Contains("4日以上", sheet.GetProperty("flag").GetString());
        var fine = await Json(await me.PutAsJsonAsync($"/talent/assignments/{KaneyamaCode}/{a}/timesheets/2028-04", new { hours = 22m, onSiteDays = 4 }, Ct));
        Assert.Equal(JsonValueKind.Null, fine.GetProperty("flag").ValueKind);

        await AssertProblem(await me.PutAsJsonAsync($"/talent/assignments/{KaneyamaCode}/{a}/timesheets/2028-09", new { hours = 5m, onSiteDays = 0 }, Ct), HttpStatusCode.BadRequest, "month");
        await AssertProblem(await me.PutAsJsonAsync($"/talent/assignments/{KaneyamaCode}/{a}/timesheets/2028-05", new { hours = -1m, onSiteDays = 0 }, Ct), HttpStatusCode.BadRequest, "hours");
        await AssertProblem(await me.PutAsJsonAsync($"/talent/assignments/{KaneyamaCode}/{a}/timesheets/2028-05", new { hours = 1.234m, onSiteDays = 0 }, Ct), HttpStatusCode.BadRequest, "hours");
        await AssertProblem(await me.PutAsJsonAsync($"/talent/assignments/{OkuraCode}/{a}/timesheets/2028-05", new { hours = 5m, onSiteDays = 0 }, Ct), HttpStatusCode.NotFound);
        var (other, _) = await fixture.NewPersonAsync();
        using var stranger = fixture.Client(null, other);
        await AssertProblem(await stranger.PutAsJsonAsync($"/talent/assignments/{KaneyamaCode}/{a}/timesheets/2028-05", new { hours = 5m, onSiteDays = 0 }, Ct), HttpStatusCode.NotFound);
        using var okura = fixture.Client(Okura, fixture.OkuraAdminToken);
        await AssertProblem(await okura.PostAsync($"/console/assignments/{a}/timesheets/2028-04/approval", null, Ct), HttpStatusCode.NotFound);
        await AssertProblem(await okura.GetAsync($"/console/assignments/{a}/timesheets", Ct), HttpStatusCode.NotFound);
        await AssertProblem(await kaneyama.PostAsync($"/console/assignments/{a}/timesheets/2028-05/approval", null, Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ending_an_assignment_early_frees_the_later_months_and_closes_them_to_timesheets()
    {
        var (token, id) = await fixture.ListedPersonAsync(Profile("加藤 八郎", [Skill("security", 3)], hoursPerMonth: 30, from: "2028-07", months: 6));
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var a = await AssignedAsync(kaneyama, KaneyamaCode, token, id, Need("監査対応", [Skill("security", 2)], hours: 25, from: "2028-07", until: "2028-12"));
        await AssertProblem(await kaneyama.PostAsJsonAsync($"/console/assignments/{a}/ending", new { lastMonth = "2029-01" }, Ct), HttpStatusCode.BadRequest, "lastMonth");
        await Ok(await kaneyama.PostAsJsonAsync($"/console/assignments/{a}/ending", new { lastMonth = "2028-08" }, Ct));

        using var me = fixture.Client(null, token);
        await AssertProblem(await me.PutAsJsonAsync($"/talent/assignments/{KaneyamaCode}/{a}/timesheets/2028-09", new { hours = 5m, onSiteDays = 0 }, Ct), HttpStatusCode.BadRequest, "month");
        var profile = await Json(await kaneyama.GetAsync($"/console/talent/{id}", Ct));
        var free = profile.GetProperty("availability").EnumerateArray().ToDictionary(m => m.GetProperty("month").GetString()!, m => m.GetProperty("free").GetInt32());
        Assert.Equal((5, 30), (free["2028-08"], free["2028-09"]));
        var ended = await fixture.Database.QueryAsAppAsync<string>($"select type from public.mt_events where stream_id = 'assignment-{a}'", KaneyamaCode);
        Assert.Equal(["assignment_ended"], ended);
    }
}
