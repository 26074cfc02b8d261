using SharedServices.Testing;

namespace SharedServices.EApplication.Tests.Api;

[Collection(ServiceGroup.Name)]
public sealed class StartUpTests(EApplicationFixture fixture)
{
    [Fact]
    public async Task Outside_Development_the_service_refuses_to_start_without_a_real_virus_scanner()
    {
        await using var production = new ServiceHost<EApplicationService>(fixture.Database, fixture.VirtualHost,
            new Dictionary<string, string?>
            {
                ["Identity:Issuer"] = fixture.Identity.Address.ToString(),
                [$"EventStore:OwnDatabases:{EApplicationFixture.OkuraCode}"] = $"Database={fixture.OkuraDatabase.Name}", // as the fixture's instance
            }, environment: "Production");

        var failure = Assert.ThrowsAny<Exception>(production.StartServer);

        Assert.Contains("No virus scanner", failure.ToString(), StringComparison.Ordinal);
    }
}
