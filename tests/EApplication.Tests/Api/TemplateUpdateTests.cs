using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// The prefecture publishes a new version of a template a town adopted: the town is offered it, sees the
/// difference, and accepts (its form becomes a new version); an application started on the old version
/// keeps it and is still valid against it.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class TemplateUpdateTests(EApplicationFixture fixture)
{
    [Fact]
    public async Task A_new_template_version_is_offered_previewed_and_accepted_while_older_applications_keep_their_version()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        using var prefecture = fixture.Client("127.0.0.1", fixture.OperatorToken);
        var before = (await (await Ok(await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service" }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        var publishedBefore = (await admin.GetFromJsonAsync<JsonElement>("/console/procedures")).EnumerateArray()
            .Single(p => p.GetProperty("key").GetString() == "water-service").GetProperty("publishedVersion").GetInt32();

        // The prefecture changes the help text of the customer number and publishes version n+1.
        var template = JsonNode.Parse(await prefecture.GetStringAsync("/prefecture/templates/water-service"))!.AsObject();
        var customerNumber = template["sections"]!.AsArray().SelectMany(s => s!["fields"]!.AsArray()).Single(f => f!["key"]!.GetValue<string>() == "customerNumber")!;
        customerNumber["help"] = new JsonObject { ["ja"] = "検針票の右上にある8桁の番号です。", ["en"] = "The 8-digit number at the top right of your meter slip." };
        var published = await Ok(await prefecture.PostAsync("/prefecture/templates/water-service/versions",
            new StringContent(template.ToJsonString(), Encoding.UTF8, "application/json")), HttpStatusCode.Created);
        var newVersion = (await published.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();

        // Offered to 金山町 (through RabbitMQ), with the difference.
        await Eventually.Until(() => admin.GetFromJsonAsync<JsonElement>("/console/procedures"),
            procedures => procedures.EnumerateArray().Any(p => p.GetProperty("key").GetString() == "water-service"
                && p.GetProperty("offeredTemplateVersion").ValueKind == JsonValueKind.Number
                && p.GetProperty("offeredTemplateVersion").GetInt32() == newVersion),
            what: "the template update offered to 金山町");
        var preview = await admin.GetFromJsonAsync<JsonElement>("/console/procedures/water-service/upgrade");
        Assert.Contains(preview.GetProperty("templateChanges").GetProperty("fields").EnumerateArray(), f => f.GetProperty("field").GetString() == "customerNumber");

        await Ok(await admin.PostAsJsonAsync("/console/procedures/water-service/upgrade", new { decision = "accept" }), HttpStatusCode.NoContent);

        var procedure = (await admin.GetFromJsonAsync<JsonElement>("/console/procedures")).EnumerateArray().Single(p => p.GetProperty("key").GetString() == "water-service");
        Assert.Equal(publishedBefore + 1, procedure.GetProperty("publishedVersion").GetInt32());
        Assert.Equal(newVersion, procedure.GetProperty("templateVersion").GetInt32());
        var current = JsonNode.Parse(await resident.GetStringAsync("/procedures/water-service"))!;
        Assert.Contains("8桁", current["sections"]!.AsArray().SelectMany(s => s!["fields"]!.AsArray())
            .Single(f => f!["key"]!.GetValue<string>() == "customerNumber")!["help"]!["ja"]!.GetValue<string>(), StringComparison.Ordinal);

        // The application started before keeps its version and is still checked against it.
        await Ok(await resident.PutAsJsonAsync($"/applications/{before}/answers", ApplicationFlowTests.WaterStart()), HttpStatusCode.NoContent);
        await Ok(await resident.PostAsync($"/applications/{before}/submission", null));
        Assert.Equal(publishedBefore, (await resident.GetFromJsonAsync<JsonElement>($"/applications/{before}")).GetProperty("formVersion").GetInt32());
        var after = await (await Ok(await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service" }), HttpStatusCode.Created)).Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(publishedBefore + 1, after.GetProperty("formVersion").GetInt32());
    }

    [Fact]
    public async Task Only_the_prefectures_operators_publish_templates_and_a_broken_definition_is_refused()
    {
        using var staff = fixture.Client("127.0.0.1", fixture.KaneyamaAdminToken);
        using var prefecture = fixture.Client("127.0.0.1", fixture.OperatorToken);
        var template = await prefecture.GetStringAsync("/prefecture/templates/bulky-waste");

        Assert.Equal(HttpStatusCode.Forbidden, (await staff.PostAsync("/prefecture/templates/bulky-waste/versions", new StringContent(template, Encoding.UTF8, "application/json"))).StatusCode);
        var broken = JsonNode.Parse(template)!.AsObject();
        broken["sections"]!.AsArray()[0]!["fields"]!.AsArray().Add(JsonNode.Parse("""{"key":"name","type":"text","label":{"ja":"重複"}}"""));
        var refused = await prefecture.PostAsync("/prefecture/templates/bulky-waste/versions", new StringContent(broken.ToJsonString(), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await prefecture.PostAsync("/prefecture/templates/bulky-waste/versions", new StringContent("{not json", Encoding.UTF8, "application/json"))).StatusCode);
        var latest = (await prefecture.GetFromJsonAsync<JsonElement>("/prefecture/templates")).EnumerateArray().Single(t => t.GetProperty("key").GetString() == "bulky-waste");
        Assert.Equal(1, latest.GetProperty("version").GetInt32());
    }
}
