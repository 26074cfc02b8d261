using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// The service keeps a town's published procedures for a moment (PublishedProcedures): what a town does to a
/// procedure on this instance is what the very next application sees.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class PublishedProcedureTests(EApplicationFixture fixture)
{
    [Fact]
    public async Task A_new_version_is_what_the_next_application_starts_against_at_once()
    {
        var key = $"cache-{Guid.NewGuid():N}"[..14];
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        var definition = RenovationSubsidy.Replace("\"renovation-subsidy\"", $"\"{key}\"", StringComparison.Ordinal);
        await Ok(await admin.PostAsync("/console/procedures", new StringContent(definition, Encoding.UTF8, "application/json")), HttpStatusCode.Created);

        // Not published yet: refused, and the refusal is not kept.
        await Ok(await resident.PostAsJsonAsync("/applications", new { procedureKey = key }), HttpStatusCode.BadRequest);
        await Ok(await admin.PostAsync($"/console/procedures/{key}/publications", null), HttpStatusCode.Created);
        Assert.Equal(1, await StartedVersionAsync(resident, key));

        // Published again: the next application, a moment later, is pinned to version 2, not to the kept version 1.
        await Ok(await admin.PostAsync($"/console/procedures/{key}/publications", null), HttpStatusCode.Created);
        Assert.Equal(2, await StartedVersionAsync(resident, key));
        Assert.Equal(2, await StartedVersionAsync(resident, key));
    }

    private static async Task<int> StartedVersionAsync(HttpClient resident, string key) =>
        (await (await Ok(await resident.PostAsJsonAsync("/applications", new { procedureKey = key }), HttpStatusCode.Created))
            .Content.ReadFromJsonAsync<JsonElement>()).GetProperty("formVersion").GetInt32();
}
