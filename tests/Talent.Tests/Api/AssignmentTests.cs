using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static SharedServices.Testing.Responses;
using static SharedServices.Talent.Tests.Api.TalentFixture;

namespace SharedServices.Talent.Tests.Api;

/// <summary>
/// From a town's need to an assignment: ranked candidates, the prefecture's proposal, the town's and the
/// person's acceptance; never more hours booked than the person has, however the acceptances race.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class AssignmentTests(TalentFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Posts a need in a town, has the prefecture propose the person and the town accept them.</summary>
    private async Task<string> OfferedAsync(HttpClient town, string townCode, string personId, Dictionary<string, object?> need)
    {
        var needId = await PostNeedAsync(town, need);
        using var op = fixture.Client(null, fixture.OperatorToken);
        await Ok(await op.PostAsJsonAsync($"/prefecture/needs/{townCode}/{needId}/proposals", new { talentId = personId }, Ct));
        await Ok(await town.PostAsync($"/console/needs/{needId}/proposals/{personId}/acceptance", null, Ct));
        return needId;
    }

    [Fact]
    public async Task A_need_is_matched_proposed_accepted_by_town_and_person_and_only_that_town_sees_the_contact()
    {
        var (token, id) = await fixture.ListedPersonAsync(Profile("鈴木 次郎", [Skill("data", 4), Skill("bpr", 3)]));
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var needId = await PostNeedAsync(kaneyama, Need("データ活用の推進", [Skill("data", 3)]));

        var matches = await Json(await kaneyama.GetAsync($"/console/needs/{needId}/matches", Ct));
        var mine = matches.EnumerateArray().Single(m => m.GetProperty("talentId").GetString() == id);
        Assert.Equal(100m, mine.GetProperty("score").GetDecimal());
        Assert.Equal(5, mine.GetProperty("parts").GetArrayLength());

        using var op = fixture.Client(null, fixture.OperatorToken);
        Assert.Contains((await Json(await op.GetAsync("/prefecture/needs", Ct))).EnumerateArray(), n => n.GetProperty("need").GetProperty("id").GetString() == needId);
        await Ok(await op.PostAsJsonAsync($"/prefecture/needs/{KaneyamaCode}/{needId}/proposals", new { talentId = id }, Ct));
        using var me = fixture.Client(null, token);
        Assert.DoesNotContain((await Json(await me.GetAsync("/talent/offers", Ct))).EnumerateArray(), o => o.GetProperty("needId").GetString() == needId);
        await AssertProblem(await me.PostAsync($"/talent/offers/{KaneyamaCode}/{needId}/acceptance", null, Ct), HttpStatusCode.NotFound);

        await Ok(await kaneyama.PostAsync($"/console/needs/{needId}/proposals/{id}/acceptance", null, Ct));
        Assert.Contains((await Json(await me.GetAsync("/talent/offers", Ct))).EnumerateArray(), o => o.GetProperty("needId").GetString() == needId);
        var assigned = await Json(await me.PostAsync($"/talent/offers/{KaneyamaCode}/{needId}/acceptance", null, Ct), HttpStatusCode.Created);
        // Accepting again (a retry after a lost answer) finds the same assignment and books nothing more.
        var again = await Json(await me.PostAsync($"/talent/offers/{KaneyamaCode}/{needId}/acceptance", null, Ct), HttpStatusCode.Created);
        Assert.Equal(assigned.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Single((await Json(await me.GetAsync("/talent/profile", Ct))).GetProperty("timeShares").EnumerateArray());

        var assignment = (await Json(await kaneyama.GetAsync("/console/assignments", Ct))).EnumerateArray()
            .Single(a => a.GetProperty("id").GetString() == assigned.GetProperty("id").GetString());
        Assert.Equal(20, assignment.GetProperty("hoursPerMonth").GetInt32());
        Assert.False((await Json(await kaneyama.GetAsync($"/console/needs/{needId}", Ct))).GetProperty("open").GetBoolean());
        Assert.Equal(JsonValueKind.Object, (await Json(await kaneyama.GetAsync($"/console/talent/{id}", Ct))).GetProperty("contact").ValueKind);
        using var okura = fixture.Client(Okura, fixture.OkuraAdminToken);
        Assert.Equal(JsonValueKind.Null, (await Json(await okura.GetAsync($"/console/talent/{id}", Ct))).GetProperty("contact").ValueKind);
        Assert.DoesNotContain((await Json(await okura.GetAsync("/console/assignments", Ct))).EnumerateArray(), a => a.GetProperty("talentId").GetString() == id);

        // The town's free hours for this person dropped by 20 in each month of the period.
        var profile = await Json(await kaneyama.GetAsync($"/console/talent/{id}", Ct));
        var april = profile.GetProperty("availability").EnumerateArray().Single(a => a.GetProperty("month").GetString() == "2027-04");
        Assert.Equal(20, april.GetProperty("free").GetInt32());
        var published = await fixture.Database.QueryAsAppAsync<string>(
            $"select data::text from public.mt_events where type = 'talent_assigned' and stream_id = '{needId}'", KaneyamaCode);
        Assert.Contains(id, Assert.Single(published), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Two_towns_offers_accepted_at_once_never_book_more_than_the_persons_hours_in_any_month()
    {
        // 40 hours a month; each town wants 30 in overlapping months: only one can have them.
        var (token, id) = await fixture.ListedPersonAsync(Profile("高橋 三郎", [Skill("ux", 4)], hoursPerMonth: 40));
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        using var okura = fixture.Client(Okura, fixture.OkuraAdminToken);
        var first = await OfferedAsync(kaneyama, KaneyamaCode, id, Need("UX改善 金山", [Skill("ux", 3)], hours: 30, from: "2027-05", until: "2027-08"));
        var second = await OfferedAsync(okura, OkuraCode, id, Need("UX改善 大蔵", [Skill("ux", 3)], hours: 30, from: "2027-07", until: "2027-10"));

        using var me = fixture.Client(null, token);
        var results = await Task.WhenAll(
            me.PostAsync($"/talent/offers/{KaneyamaCode}/{first}/acceptance", null, Ct),
            me.PostAsync($"/talent/offers/{OkuraCode}/{second}/acceptance", null, Ct));
        Assert.Single(results, r => r.StatusCode == HttpStatusCode.Created);
        var refused = await AssertProblem(results.Single(r => r.StatusCode != HttpStatusCode.Created), HttpStatusCode.Conflict);
        Assert.Contains("2027-07", refused.GetProperty("detail").GetString());

        var mine = await Json(await me.GetAsync("/talent/profile", Ct));
        Assert.Single(mine.GetProperty("timeShares").EnumerateArray());
        // A smaller need that fits beside it is fine: 10 more hours in the same months.
        var third = await OfferedAsync(okura, OkuraCode, id, Need("UX相談 大蔵", [Skill("ux", 2)], hours: 10, from: "2027-07", until: "2027-08"));
        await Ok(await me.PostAsync($"/talent/offers/{OkuraCode}/{third}/acceptance", null, Ct), HttpStatusCode.Created);
        Assert.Equal(2, (await Json(await me.GetAsync("/talent/profile", Ct))).GetProperty("timeShares").GetArrayLength());
    }

    [Fact]
    public async Task A_profile_change_that_would_leave_a_booked_month_short_is_not_approved()
    {
        var (token, id) = await fixture.ListedPersonAsync(Profile("伊藤 四郎", [Skill("strategy", 3)], hoursPerMonth: 30));
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var needId = await OfferedAsync(kaneyama, KaneyamaCode, id, Need("計画策定", [Skill("strategy", 2)], hours: 25, from: "2027-04", until: "2027-06"));
        using var me = fixture.Client(null, token);
        await Ok(await me.PostAsync($"/talent/offers/{KaneyamaCode}/{needId}/acceptance", null, Ct), HttpStatusCode.Created);

        await Ok(await me.PutAsJsonAsync("/talent/profile", Profile("伊藤 四郎", [Skill("strategy", 3)], hoursPerMonth: 20), Ct), HttpStatusCode.Accepted);
        using var op = fixture.Client(null, fixture.OperatorToken);
        var problem = await AssertProblem(await op.PostAsync($"/prefecture/talent/{id}/approval", null, Ct), HttpStatusCode.Conflict);
        Assert.Contains("2027-04", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Bad_needs_are_refused_naming_the_field()
    {
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        foreach (var (key, value, field) in new (string, object?, string)[]
        {
            ("title", "", "title"), ("required", Array.Empty<object>(), "required"), ("required", new[] { Skill("magic", 2) }, "required"),
            ("hoursPerMonth", 0, "hoursPerMonth"), ("fromMonth", "April", "fromMonth"), ("untilMonth", "2026-01", "untilMonth"),
            ("untilMonth", "2031-01", "untilMonth"), ("budgetPerMonth", -1m, "budgetPerMonth"), ("programme", "unknown", "programme"),
        })
        {
            var need = Need("x", [Skill("data", 2)]);
            need[key] = value;
            await AssertProblem(await kaneyama.PostAsJsonAsync("/console/needs", need, Ct), HttpStatusCode.BadRequest, field);
        }
    }
}
