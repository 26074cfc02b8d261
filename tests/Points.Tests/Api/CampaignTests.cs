using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static SharedServices.Testing.Responses;
using static SharedServices.Points.Tests.Api.PointsFixture;

namespace SharedServices.Points.Tests.Api;

/// <summary>Campaigns in the town console: their terms checked, their life by the town's administrator, who qualifies.</summary>
[Collection(ServiceGroup.Name)]
public sealed class CampaignTests(PointsFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, object?, string> BadTerms => new()
    {
        { "budget", 0L, "budget" },
        { "budget", -100L, "budget" },
        { "budget", 10_000_000_000L, "budget" },
        { "pointsPerGrant", 0L, "pointsPerGrant" },
        { "pointsPerGrant", 200_000L, "pointsPerGrant" },
        { "perResidentCap", 10L, "perResidentCap" },
        { "name", "", "name" },
        { "name", new string('名', 101), "name" },
        { "trigger", "lottery", "trigger" },
        { "trigger", "applicationApproved", "procedureKey" },
        { "procedureKey", "child-allowance", "procedureKey" },
        { "grantUntil", DateTimeOffset.UtcNow.AddDays(-1), "grantUntil" },
        { "spendUntil", DateTimeOffset.UtcNow.AddDays(10), "spendUntil" },
        { "expiryDays", 0, "expiryDays" },
        { "allowedCategories", new[] { "casino" }, "allowedCategories" },
        { "allowedCategories", new[] { "food", null }, "allowedCategories" },
        { "eligibility", new { minAge = 70, maxAge = 20 }, "eligibility.minAge" },
        { "eligibility", new { childrenUnder = 0 }, "eligibility.childrenUnder" },
        { "eligibility", new { incomeBrackets = Array.Empty<int>() }, "eligibility.incomeBrackets" },
        { "eligibility", new { minAssurance = 3 }, "eligibility.minAssurance" },
    };

    [Theory]
    [MemberData(nameof(BadTerms))]
    public async Task Bad_terms_are_refused_naming_the_field_and_nothing_is_created(string key, object? value, string field)
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var before = (await Json(await admin.GetAsync("/console/campaigns", Ct))).GetArrayLength();
        var terms = Terms("不正な条件");
        terms[key] = value;
        if (key == "eligibility" && field == "eligibility.minAssurance")
        {
            terms["trigger"] = "town";  // an assurance level is known only at enrolment
        }
        await AssertProblem(await admin.PostAsJsonAsync("/console/campaigns", terms, Ct), HttpStatusCode.BadRequest, field);
        Assert.Equal(before, (await Json(await admin.GetAsync("/console/campaigns", Ct))).GetArrayLength());
    }

    [Fact]
    public async Task Malformed_json_is_a_400_problem()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        await AssertProblem(await admin.PostAsync("/console/campaigns", new StringContent("{\"name\": [", Encoding.UTF8, "application/json"), Ct), HttpStatusCode.BadRequest);
        await AssertProblem(await admin.PostAsync("/console/campaigns", new StringContent("{\"budget\": \"lots\"}", Encoding.UTF8, "application/json"), Ct), HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Staff_prepare_and_the_administrator_opens_pauses_resumes_and_closes_each_step_only_from_its_state()
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var created = await Json(await staff.PostAsJsonAsync("/console/campaigns", Terms("ライフサイクル"), Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;
        Assert.Equal("Draft", created.GetProperty("status").GetString());

        await Ok(await staff.PostAsync($"/console/campaigns/{id}/opening", null, Ct), HttpStatusCode.Forbidden);
        await AssertProblem(await admin.PostAsync($"/console/campaigns/{id}/resumption", null, Ct), HttpStatusCode.Conflict);
        await AssertProblem(await admin.PostAsJsonAsync($"/console/campaigns/{id}/pause", new { reason = "x" }, Ct), HttpStatusCode.Conflict);
        Assert.Equal("Open", (await Json(await admin.PostAsync($"/console/campaigns/{id}/opening", null, Ct))).GetProperty("status").GetString());
        await AssertProblem(await admin.PostAsync($"/console/campaigns/{id}/opening", null, Ct), HttpStatusCode.Conflict);
        await AssertProblem(await admin.PostAsJsonAsync($"/console/campaigns/{id}/pause", new { reason = "" }, Ct), HttpStatusCode.BadRequest, "reason");
        Assert.Equal("Paused", (await Json(await admin.PostAsJsonAsync($"/console/campaigns/{id}/pause", new { reason = "点検" }, Ct))).GetProperty("status").GetString());
        Assert.Equal("Open", (await Json(await admin.PostAsync($"/console/campaigns/{id}/resumption", null, Ct))).GetProperty("status").GetString());
        Assert.Equal("Closed", (await Json(await admin.PostAsync($"/console/campaigns/{id}/closing", null, Ct))).GetProperty("status").GetString());
        await AssertProblem(await admin.PostAsync($"/console/campaigns/{id}/closing", null, Ct), HttpStatusCode.Conflict);
        await AssertProblem(await admin.PostAsync("/console/campaigns/no-such-campaign/opening", null, Ct), HttpStatusCode.NotFound);

        var listed = (await Json(await staff.GetAsync("/console/campaigns", Ct))).EnumerateArray().Single(c => c.GetProperty("id").GetString() == id);
        Assert.Equal("Closed", listed.GetProperty("status").GetString());
        Assert.Equal(100_000, listed.GetProperty("figures").GetProperty("budgetLeft").GetInt64());
    }

    [Fact]
    public async Task A_campaign_opened_before_its_grant_window_is_scheduled_and_grants_nothing_yet()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var terms = Terms("来月から");
        terms["grantFrom"] = DateTimeOffset.UtcNow.AddDays(30);
        var id = await OpenCampaignAsync(admin, terms);
        Assert.True((await Json(await admin.GetAsync($"/console/campaigns/{id}", Ct))).GetProperty("scheduled").GetBoolean());
        var (token, _) = await fixture.NewResidentAsync();
        using var resident = fixture.Client(Kaneyama, token);
        var problem = await AssertProblem(await resident.PostAsync($"/campaigns/{id}/enrolment", null, Ct), HttpStatusCode.Conflict);
        Assert.Contains("から", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Eligibility_rules_preview_who_qualifies_refuse_others_with_a_reason_and_the_town_grants_all_who_qualify_once()
    {
        using var okura = fixture.Client(Okura, fixture.OkuraAdminToken);
        var parent = await fixture.NewResidentAsync(OkuraCode);
        var elder = await fixture.NewResidentAsync(OkuraCode);
        var unrecorded = await fixture.NewResidentAsync(OkuraCode);
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        await Ok(await okura.PutAsJsonAsync("/console/resident-records", new object[]
        {
            new { residentId = parent.Id, birthDate = today.AddYears(-34), incomeBracket = 2, childrenBirthDates = new[] { today.AddYears(-3), today.AddYears(-9) } },
            new { residentId = elder.Id, birthDate = today.AddYears(-78), incomeBracket = 1 },
        }, Ct));
        // Bad records: nothing stored (the whole list or none).
        await AssertProblem(await okura.PutAsJsonAsync("/console/resident-records", new object[]
        {
            new { residentId = unrecorded.Id, birthDate = today.AddYears(-40) },
            new { residentId = "x", birthDate = today.AddDays(3) },
        }, Ct), HttpStatusCode.BadRequest, "[1].birthDate");

        // 子育て世帯 (a child under 6): the parent qualifies, the elder does not.
        var childcare = Terms("子育て世帯応援", perGrant: 3_000, trigger: "enrolment", eligibility: new { childrenUnder = 6 });
        var preview = await Json(await okura.PostAsJsonAsync("/console/campaigns/preview", childcare, Ct));
        Assert.Equal(1, preview.GetProperty("qualifying").GetInt32());
        Assert.Equal(preview.GetProperty("qualifying").GetInt32() * 3_000, preview.GetProperty("budgetNeeded").GetInt64());
        var childcareId = await OpenCampaignAsync(okura, childcare);

        using var parentClient = fixture.Client(Okura, parent.Token);
        using var elderClient = fixture.Client(Okura, elder.Token);
        using var unrecordedClient = fixture.Client(Okura, unrecorded.Token);
        var offered = (await Json(await elderClient.GetAsync("/campaigns", Ct))).EnumerateArray().Single(c => c.GetProperty("id").GetString() == childcareId);
        Assert.Contains("歳未満のお子さん", offered.GetProperty("enrolmentRefusal").GetString());
        await AssertProblem(await elderClient.PostAsync($"/campaigns/{childcareId}/enrolment", null, Ct), HttpStatusCode.Forbidden);
        var noRecord = await AssertProblem(await unrecordedClient.PostAsync($"/campaigns/{childcareId}/enrolment", null, Ct), HttpStatusCode.Forbidden);
        Assert.Contains("窓口", noRecord.GetProperty("detail").GetString());
        await Ok(await parentClient.PostAsync($"/campaigns/{childcareId}/enrolment", null, Ct), HttpStatusCode.Created);

        // マイナンバーカード required: a resident who signed in with a password only is told how to qualify.
        var verified = await OpenCampaignAsync(okura, Terms("本人確認済みの方", trigger: "enrolment", eligibility: new { minAssurance = 3 }));
        var needsCard = await AssertProblem(await parentClient.PostAsync($"/campaigns/{verified}/enrolment", null, Ct), HttpStatusCode.Forbidden);
        Assert.Contains("マイナンバーカード", needsCard.GetProperty("detail").GetString());

        // 高齢者 (70 and over, 住民税非課税 = bracket 1), granted by the town to every qualifying record: twice run, once granted.
        var elders = await OpenCampaignAsync(okura, Terms("高齢者応援", perGrant: 2_000, trigger: "town", eligibility: new { minAge = 70, incomeBrackets = new[] { 1 } }));
        var run = await Json(await okura.PostAsync($"/console/campaigns/{elders}/grants", null, Ct));
        Assert.Equal(1, run.GetProperty("granted").GetInt32());
        var again = await Json(await okura.PostAsync($"/console/campaigns/{elders}/grants", null, Ct));
        Assert.Equal(0, again.GetProperty("granted").GetInt32());
        Assert.Equal(1, again.GetProperty("alreadyGranted").GetInt32());
        Assert.Equal(2_000, (await Json(await elderClient.GetAsync("/wallet", Ct))).GetProperty("total").GetInt64());
        // Enrolment is not how a town-granted campaign is received.
        await AssertProblem(await parentClient.PostAsync($"/campaigns/{elders}/enrolment", null, Ct), HttpStatusCode.Conflict);
        await AssertProblem(await okura.PostAsync($"/console/campaigns/{childcareId}/grants", null, Ct), HttpStatusCode.Conflict);
    }
}
