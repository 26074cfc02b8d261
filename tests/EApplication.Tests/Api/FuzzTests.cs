using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// Every operation of the e-application API, fed bad and hostile input by every kind of caller (issue 9). A class
/// fixture, so an e-application service of its own: some hostile bodies are well-formed enough to be stored.
/// </summary>
public sealed class FuzzTests(EApplicationFixture fixture) : IClassFixture<EApplicationFixture>
{
    [Fact]
    public async Task Bad_input_to_any_operation_is_refused_with_a_problem_and_stores_nothing_and_hostile_input_never_breaks_it()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var draft = (await (await Ok(await resident.PostAsJsonAsync("/applications", new { procedureKey = "water-service" }, TestContext.Current.CancellationToken), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;

        var fuzzer = new ApiFuzzer(fixture.Client, fixture.Database, fixture.Service.Services);
        await fuzzer.AssertRefusedSafelyAsync(
            [
                new("nobody", Kaneyama, null),
                new("resident", Kaneyama, fixture.KaneyamaResidentToken),
                new("other resident", Kaneyama, fixture.KaneyamaResident2Token),
                new("staff", Kaneyama, fixture.KaneyamaStaffToken),
                new("town admin", Kaneyama, fixture.KaneyamaAdminToken),
                new("other town's staff", Kaneyama, fixture.OkuraStaffToken),
                new("operator", null, fixture.OperatorToken),
            ],
            new Dictionary<string, string> { ["id"] = draft, ["key"] = "water-service", ["code"] = "063614", ["town"] = "063614" },
            TestContext.Current.CancellationToken);
    }
}
