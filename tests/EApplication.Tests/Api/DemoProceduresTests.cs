using System.Net.Http.Json;
using System.Text.Json;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>The quick start's procedures (<c>EApplication:DemoProceduresFile</c>): adopted and published as the towns are known.</summary>
[Collection(ServiceGroup.Name)]
public sealed class DemoProceduresTests(EApplicationFixture fixture) : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"demo-procedures-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task Listed_templates_are_adopted_and_published_in_each_town_once()
    {
        await File.WriteAllTextAsync(_file, """{"063657": ["bulky-waste", "water-service"]}""");

        for (var start = 0; start < 2; start++)
        {
            await using var seeded = new ServiceHost<EApplicationService>(fixture.Database, fixture.VirtualHost, new Dictionary<string, string?>
            {
                ["EApplication:DemoProceduresFile"] = _file,
                ["Identity:Issuer"] = fixture.Identity.Address.ToString(),
            });
            using var okura = seeded.CreateClientForHost(Okura);
            okura.DefaultRequestHeaders.Authorization = new("Bearer", fixture.OkuraResidentToken);
            var procedures = await Eventually.Until(() => okura.GetFromJsonAsync<JsonElement>("/procedures"),
                p => p.GetArrayLength() == 2, what: "大蔵村's demo procedures");
            Assert.All(procedures.EnumerateArray(), p => Assert.Equal(1, p.GetProperty("publishedVersion").GetInt32()));
        }
    }

    public void Dispose() => File.Delete(_file);
}
