using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// The prefecture rolls a shared template out to many towns at once (共通様式の展開) and sees who adopted
/// which version: adopted in each chosen town that uses e-application (unpublished until its admin
/// publishes), never twice, never in a town without the service; new versions are offered to them.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class RolloutTests(EApplicationFixture fixture)
{
    private const string Template = "disaster-certificate";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_template_rolled_out_is_adopted_in_the_chosen_towns_once_and_the_prefecture_sees_each_towns_version()
    {
        using var prefecture = fixture.Client("127.0.0.1", fixture.OperatorToken);
        var rolled = await (await Ok(await prefecture.PostAsJsonAsync($"/prefecture/templates/{Template}/rollout",
            new { towns = new[] { "063614", "063657", "064017", "062031", "063614" } }, Ct))).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var outcomes = rolled.EnumerateArray().ToDictionary(r => r.GetProperty("town").GetString()!, r => r.GetProperty("outcome").GetString());
        Assert.Equal(new Dictionary<string, string?>
        {
            ["063614"] = "adopted", ["063657"] = "adopted", ["064017"] = "not-using-e-application", ["062031"] = "unknown-town",
        }, outcomes);

        // In 金山町's console, unpublished until its admin publishes it; residents do not see it yet.
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var procedure = (await admin.GetFromJsonAsync<JsonElement>("/console/procedures", Ct)).EnumerateArray().Single(p => p.GetProperty("key").GetString() == Template);
        Assert.Equal((0, Template), (procedure.GetProperty("publishedVersion").GetInt32(), procedure.GetProperty("templateKey").GetString()));
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        await AssertProblem(await resident.GetAsync($"/procedures/{Template}", Ct), HttpStatusCode.NotFound);
        await Ok(await admin.PostAsync($"/console/procedures/{Template}/publications", null, Ct), HttpStatusCode.Created);

        // Rolled out again: nothing adopted twice; the town's own adoption is refused as a duplicate.
        var again = await (await Ok(await prefecture.PostAsJsonAsync($"/prefecture/templates/{Template}/rollout", new { towns = new[] { "063614" } }, Ct)))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("already-adopted", again[0].GetProperty("outcome").GetString());
        await AssertProblem(await admin.PostAsJsonAsync("/console/procedures/adoptions", new { templateKey = Template }, Ct), HttpStatusCode.Conflict);

        // Who has which version: both towns on the latest, 金山町 publishing it, 大蔵村 not yet; 小国町 has no e-application.
        var adoptions = await (await Ok(await prefecture.GetAsync($"/prefecture/templates/{Template}/adoptions", Ct))).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var latest = adoptions.GetProperty("latestVersion").GetInt32();
        var towns = adoptions.GetProperty("towns").EnumerateArray().ToDictionary(t => t.GetProperty("town").GetString()!);
        Assert.Equal(["063614", "063657"], towns.Keys.Order());
        Assert.Equal((true, latest, 1), (towns["063614"].GetProperty("adopted").GetBoolean(), towns["063614"].GetProperty("templateVersion").GetInt32(), towns["063614"].GetProperty("publishedVersion").GetInt32()));
        Assert.Equal((true, 0), (towns["063657"].GetProperty("adopted").GetBoolean(), towns["063657"].GetProperty("publishedVersion").GetInt32()));
        Assert.Equal("金山町", towns["063614"].GetProperty("nameJa").GetString());
    }

    [Fact]
    public async Task Only_the_prefectures_operators_roll_out_and_bad_requests_are_problems()
    {
        using var prefecture = fixture.Client("127.0.0.1", fixture.OperatorToken);
        await AssertProblem(await prefecture.PostAsJsonAsync("/prefecture/templates/no-such-template/rollout", new { towns = new[] { "063614" } }, Ct), HttpStatusCode.NotFound);
        await AssertProblem(await prefecture.GetAsync("/prefecture/templates/no-such-template/adoptions", Ct), HttpStatusCode.NotFound);
        await AssertProblem(await prefecture.PostAsJsonAsync($"/prefecture/templates/{Template}/rollout", new { towns = Array.Empty<string>() }, Ct), HttpStatusCode.BadRequest, "towns");
        await AssertProblem(await prefecture.PostAsJsonAsync($"/prefecture/templates/{Template}/rollout", new { towns = new[] { "063615" } }, Ct), HttpStatusCode.BadRequest, "towns");
        await AssertProblem(await prefecture.PostAsync($"/prefecture/templates/{Template}/rollout", new StringContent("{\"towns\":[\"063614\",null]}", System.Text.Encoding.UTF8, "application/json"), Ct), HttpStatusCode.BadRequest, "towns");
        await AssertProblem(await prefecture.PostAsJsonAsync($"/prefecture/templates/{Template}/rollout",
            new { towns = Enumerable.Range(0, 101).Select(i => $"06{i:000}0").ToArray() }, Ct), HttpStatusCode.BadRequest, "towns");
        await AssertProblem(await prefecture.PostAsync($"/prefecture/templates/{Template}/rollout", new StringContent("{\"towns\":\"063614\"}", System.Text.Encoding.UTF8, "application/json"), Ct), HttpStatusCode.BadRequest);

        using var townAdmin = fixture.Client("127.0.0.1", fixture.KaneyamaAdminToken);
        await AssertProblem(await townAdmin.PostAsJsonAsync($"/prefecture/templates/{Template}/rollout", new { towns = new[] { "063657" } }, Ct), HttpStatusCode.Forbidden);
        await AssertProblem(await townAdmin.GetAsync($"/prefecture/templates/{Template}/adoptions", Ct), HttpStatusCode.Forbidden);
        using var anonymous = fixture.Client("127.0.0.1", null);
        await AssertProblem(await anonymous.GetAsync($"/prefecture/templates/{Template}/adoptions", Ct), HttpStatusCode.Unauthorized);
    }
}
