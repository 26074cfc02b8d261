using System.Net;
using System.Net.Http.Json;
using SharedServices.Contracts.Tenancy;
using SharedServices.Testing;

namespace SharedServices.Onboarding.Tests;

/// <summary>
/// The quick start's demo towns (<c>Onboarding:DemoTownsFile</c>): onboarded at start-up through the
/// same use case as the API, left alone when already there, refused outside Development.
/// </summary>
public sealed class DemoTownsTests(OnboardingFixture fixture) : IClassFixture<OnboardingFixture>, IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"demo-towns-{Guid.NewGuid():N}.json");

    [Fact]
    public async Task Demo_towns_are_onboarded_at_start_up_and_a_restart_leaves_them_as_they_are()
    {
        await File.WriteAllTextAsync(_file, """
            [{"code":"063622","slug":"mogami","nameEn":"Mogami Town","enabledServices":["e-application"]},
             {"code":"063631","slug":"funagata","nameEn":"Funagata Town"}]
            """);

        for (var start = 0; start < 2; start++)
        {
            await using var seeded = new ServiceHost<OnboardingService>(fixture.Database, fixture.VirtualHost, Settings());
            seeded.StartServer();
        }

        var towns = await fixture.Operator.GetFromJsonAsync<List<TenantSnapshot>>("/operator/municipalities");
        Assert.Equal(["063622", "063631"], towns!.Select(t => t.Code).Where(c => c is "063622" or "063631").Order());
        var mogami = await fixture.Operator.GetFromJsonAsync<TenantSnapshot>("/operator/municipalities/063622");
        Assert.Equal("最上町", mogami!.NameJa); // the 総務省 name, as the API would give it
        Assert.Equal(2, mogami.Version); // its two onboarding events only: not onboarded again at the second start
    }

    [Fact]
    public async Task A_demo_town_the_API_would_refuse_stops_start_up_with_the_reason()
    {
        await File.WriteAllTextAsync(_file, """[{"code":"063620","slug":"bad"}]""");

        await using var seeded = new ServiceHost<OnboardingService>(fixture.Database, fixture.VirtualHost, Settings());
        var failure = Assert.ThrowsAny<Exception>(seeded.StartServer);

        Assert.Contains("063620", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Operator.GetAsync("/operator/municipalities/063620")).StatusCode);
    }

    [Fact]
    public async Task Outside_Development_a_demo_towns_file_stops_start_up()
    {
        await File.WriteAllTextAsync(_file, """[{"code":"063649","slug":"mamurogawa"}]""");

        await using var production = new ServiceHost<OnboardingService>(fixture.Database, fixture.VirtualHost, Settings(), environment: "Production");
        var failure = Assert.ThrowsAny<Exception>(production.StartServer);

        Assert.Contains("Development only", failure.ToString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, (await fixture.Operator.GetAsync("/operator/municipalities/063649")).StatusCode);
    }

    private Dictionary<string, string?> Settings() => new()
    {
        ["Onboarding:DemoTownsFile"] = _file,
        ["Identity:Issuer"] = fixture.Identity.Address.ToString(),
    };

    public void Dispose() => File.Delete(_file);
}
