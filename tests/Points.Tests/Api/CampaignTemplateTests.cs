using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static SharedServices.Testing.Responses;
using static SharedServices.Points.Tests.Api.PointsFixture;

namespace SharedServices.Points.Tests.Api;

/// <summary>
/// The prefecture offers a campaign template to towns (施策テンプレートの提供): written by an operator, offered
/// to the towns taking part in local points, seen only by them, made into each town's own campaign with
/// its own budget and start; bad terms, towns and budgets are problems naming their field.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class CampaignTemplateTests(PointsFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static object Template(string name, int grantDays = 90, int spendDays = 180, long perGrant = 3_000) => new
    {
        name, purpose = "子育て世帯の応援（県の共通施策）", trigger = "enrolment", pointsPerGrant = perGrant, perResidentCap = perGrant,
        grantDays, spendDays, expiryDays = 180, allowedCategories = new[] { "food" }, suggestedBudget = 1_000_000L,
    };

    [Fact]
    public async Task A_template_offered_to_a_town_becomes_its_own_campaign_with_its_budget_and_start()
    {
        using var op = fixture.Client(null, fixture.OperatorToken);
        var created = await Json(await op.PostAsJsonAsync("/prefecture/campaign-templates", Template("子育て応援ポイント（県モデル）"), Ct), HttpStatusCode.Created);
        var id = created.GetProperty("id").GetString()!;

        var offered = await Json(await op.PostAsJsonAsync($"/prefecture/campaign-templates/{id}/offers",
            new { towns = new[] { KaneyamaCode, "064017", "062031", KaneyamaCode } }, Ct));
        Assert.Equal(new Dictionary<string, string?> { [KaneyamaCode] = "offered", ["064017"] = "not-using-points", ["062031"] = "unknown-town" },
            offered.EnumerateArray().ToDictionary(o => o.GetProperty("town").GetString()!, o => o.GetProperty("outcome").GetString()));
        var again = await Json(await op.PostAsJsonAsync($"/prefecture/campaign-templates/{id}/offers", new { towns = new[] { KaneyamaCode } }, Ct));
        Assert.Equal("already-offered", again[0].GetProperty("outcome").GetString());
        var listed = (await Json(await op.GetAsync("/prefecture/campaign-templates", Ct))).EnumerateArray().Single(t => t.GetProperty("id").GetString() == id);
        Assert.Equal([KaneyamaCode], listed.GetProperty("offeredTo").EnumerateArray().Select(t => t.GetString()));

        // 金山町 sees it; 大蔵村, not offered it, neither sees nor uses it.
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        Assert.Contains((await Json(await kaneyama.GetAsync("/console/campaign-templates", Ct))).EnumerateArray(), t => t.GetProperty("id").GetString() == id);
        using var okura = fixture.Client(Okura, fixture.OkuraAdminToken);
        Assert.DoesNotContain((await Json(await okura.GetAsync("/console/campaign-templates", Ct))).EnumerateArray(), t => t.GetProperty("id").GetString() == id);
        await AssertProblem(await okura.PostAsJsonAsync($"/console/campaign-templates/{id}/campaigns", new { budget = 500_000, start = DateTimeOffset.UtcNow }, Ct), HttpStatusCode.NotFound);

        // 金山町 makes its campaign: its budget, its start, the template's terms; in preparation until it opens it.
        var start = new DateTimeOffset(2027, 4, 1, 0, 0, 0, TimeSpan.FromHours(9));
        await AssertProblem(await kaneyama.PostAsJsonAsync($"/console/campaign-templates/{id}/campaigns", new { budget = 1_000, start }, Ct), HttpStatusCode.BadRequest, "budget");
        var campaign = await Json(await kaneyama.PostAsJsonAsync($"/console/campaign-templates/{id}/campaigns", new { budget = 600_000, start }, Ct), HttpStatusCode.Created);
        Assert.Equal("Draft", campaign.GetProperty("status").GetString());
        var made = await Json(await kaneyama.GetAsync($"/console/campaigns/{campaign.GetProperty("id").GetString()}", Ct));
        var terms = made.GetProperty("terms");
        Assert.Equal(("子育て応援ポイント（県モデル）", 600_000L, 3_000L), (terms.GetProperty("name").GetString(), terms.GetProperty("budget").GetInt64(), terms.GetProperty("pointsPerGrant").GetInt64()));
        Assert.Equal((start, start.AddDays(90), start.AddDays(180)), (terms.GetProperty("grantFrom").GetDateTimeOffset(), terms.GetProperty("grantUntil").GetDateTimeOffset(), terms.GetProperty("spendUntil").GetDateTimeOffset()));
        Assert.Equal(["food"], terms.GetProperty("allowedCategories").EnumerateArray().Select(c => c.GetString()));
        Assert.DoesNotContain((await Json(await okura.GetAsync("/console/campaigns", Ct))).EnumerateArray(), c => c.GetProperty("id").GetString() == campaign.GetProperty("id").GetString());
    }

    [Fact]
    public async Task Bad_templates_offers_and_callers_are_refused()
    {
        using var op = fixture.Client(null, fixture.OperatorToken);
        await AssertProblem(await op.PostAsJsonAsync("/prefecture/campaign-templates", Template("", grantDays: 0), Ct), HttpStatusCode.BadRequest, "name");
        await AssertProblem(await op.PostAsJsonAsync("/prefecture/campaign-templates", Template("期間の誤り", grantDays: 0), Ct), HttpStatusCode.BadRequest, "grantDays");
        await AssertProblem(await op.PostAsJsonAsync("/prefecture/campaign-templates", Template("期間の誤り", grantDays: 90, spendDays: 30), Ct), HttpStatusCode.BadRequest, "spendDays");
        await AssertProblem(await op.PostAsJsonAsync("/prefecture/campaign-templates", Template("付与の誤り", perGrant: 0), Ct), HttpStatusCode.BadRequest, "pointsPerGrant");
        await AssertProblem(await op.PostAsync("/prefecture/campaign-templates", new StringContent("{\"name\":1}", System.Text.Encoding.UTF8, "application/json"), Ct), HttpStatusCode.BadRequest);

        var id = (await Json(await op.PostAsJsonAsync("/prefecture/campaign-templates", Template("正しい雛形"), Ct), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await AssertProblem(await op.PostAsJsonAsync($"/prefecture/campaign-templates/{id}/offers", new { towns = Array.Empty<string>() }, Ct), HttpStatusCode.BadRequest, "towns");
        await AssertProblem(await op.PostAsJsonAsync($"/prefecture/campaign-templates/{id}/offers", new { towns = new[] { "063615" } }, Ct), HttpStatusCode.BadRequest, "towns");
        await AssertProblem(await op.PostAsJsonAsync("/prefecture/campaign-templates/no-such/offers", new { towns = new[] { KaneyamaCode } }, Ct), HttpStatusCode.NotFound);

        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        await AssertProblem(await admin.PostAsJsonAsync("/prefecture/campaign-templates", Template("町の雛形"), Ct), HttpStatusCode.Forbidden);
        await AssertProblem(await admin.PostAsJsonAsync($"/prefecture/campaign-templates/{id}/offers", new { towns = new[] { KaneyamaCode } }, Ct), HttpStatusCode.Forbidden);
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        await AssertProblem(await resident.GetAsync("/console/campaign-templates", Ct), HttpStatusCode.Forbidden);
        using var anonymous = fixture.Client(null, null);
        await AssertProblem(await anonymous.GetAsync("/prefecture/campaign-templates", Ct), HttpStatusCode.Unauthorized);
    }
}
