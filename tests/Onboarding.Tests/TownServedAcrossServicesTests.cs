using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SharedServices.Portal;
using SharedServices.Testing;

namespace SharedServices.Onboarding.Tests;

/// <summary>Onboarding and the portal as two hosts with their own databases, joined only by RabbitMQ.</summary>
public sealed class TownServedAcrossServicesFixture : OnboardingFixture
{
    public TestDatabase PortalDatabase { get; private set; } = null!;

    public ServiceHost<PortalService> Portal { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        PortalDatabase = await TestDatabase.CreateAsync("portal");
        Portal = new ServiceHost<PortalService>(PortalDatabase, VirtualHost);
        Portal.StartServer();
    }

    public override async ValueTask DisposeAsync()
    {
        await Portal.DisposeAsync();
        await PortalDatabase.DisposeAsync();
        await base.DisposeAsync();
    }
}

public sealed class TownServedAcrossServicesTests(TownServedAcrossServicesFixture fixture) : IClassFixture<TownServedAcrossServicesFixture>
{
    [Fact]
    public async Task A_newly_onboarded_town_is_served_by_the_portal_by_host_and_by_path_within_seconds()
    {
        using var byHost = fixture.Portal.CreateClientForHost("okura.localhost");
        using var byPath = fixture.Portal.CreateClient();
        Assert.Equal(HttpStatusCode.NotFound, (await byHost.GetAsync("/api/town")).StatusCode);

        var onboarded = await fixture.Operator.PostAsJsonAsync("/operator/municipalities",
            new { code = "063657", slug = "okura", nameEn = "Okura Village", branding = new { primaryColor = "#8B0000", accentColor = "#FFF5F5" } });
        Assert.Equal(HttpStatusCode.Created, onboarded.StatusCode);

        var town = await Eventually.Until(() => byHost.GetAsync("/api/town"), r => r.IsSuccessStatusCode, what: "the portal to serve 大蔵村");
        var body = await town.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("大蔵村", body.GetProperty("nameJa").GetString());
        Assert.Equal("063657", body.GetProperty("id").GetString());
        var byPathTown = await byPath.GetFromJsonAsync<JsonElement>("/t/okura/api/town");
        Assert.Equal("063657", byPathTown.GetProperty("id").GetString());
        var page = await byHost.GetStringAsync("/");
        Assert.Contains("大蔵村", page);
        Assert.Contains("#8B0000", page);
    }

    [Fact]
    public async Task A_suspended_town_is_not_served_and_comes_back_when_resumed()
    {
        Assert.Equal(HttpStatusCode.Created, (await fixture.Operator.Onboard("064262", "mikawa")).StatusCode);
        using var portal = fixture.Portal.CreateClientForHost("mikawa.localhost");
        await Eventually.Until(() => portal.GetAsync("/api/town"), r => r.IsSuccessStatusCode, what: "三川町 to be served");

        await fixture.Operator.PutAsJsonAsync("/operator/municipalities/064262/suspension", new { reason = "保守" });
        var suspended = await Eventually.Until(() => portal.GetAsync("/api/town"), r => r.StatusCode == HttpStatusCode.NotFound, what: "三川町 to be suspended");
        Assert.Contains("suspended", await suspended.Content.ReadAsStringAsync());
        // A person opening the town's portal sees its maintenance page (503, come back later), not an error.
        using (var pageRequest = new HttpRequestMessage(HttpMethod.Get, "/Resident"))
        {
            pageRequest.Headers.Accept.ParseAdd("text/html");
            using var maintenance = await portal.SendAsync(pageRequest);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, maintenance.StatusCode);
            Assert.Equal("text/html", maintenance.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(maintenance.Headers.RetryAfter);
            var text = await maintenance.Content.ReadAsStringAsync();
            Assert.Contains("三川町のオンラインサービスは一時停止しています", text);
            Assert.Contains("other data are kept", text);
        }

        await fixture.Operator.DeleteAsync("/operator/municipalities/064262/suspension");
        await Eventually.Until(() => portal.GetAsync("/api/town"), r => r.IsSuccessStatusCode, what: "三川町 to be resumed");
    }

    [Fact]
    public async Task A_renamed_slug_moves_the_town_to_its_new_address()
    {
        Assert.Equal(HttpStatusCode.Created, (await fixture.Operator.Onboard("064289", "shonai")).StatusCode);
        using var client = fixture.Portal.CreateClient();
        await Eventually.Until(() => client.GetAsync("/t/shonai/api/town"), r => r.IsSuccessStatusCode, what: "庄内町 to be served");

        await fixture.Operator.PutAsJsonAsync("/operator/municipalities/064289/profile",
            new { slug = "shonai-town", nameJa = "庄内町", nameEn = "Shonai Town", branding = new { primaryColor = "#1F5FA8", accentColor = "#F2F6FB" } });

        await Eventually.Until(() => client.GetAsync("/t/shonai-town/api/town"), r => r.IsSuccessStatusCode, what: "the new slug");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/t/shonai/api/town")).StatusCode);
    }

    [Fact]
    public async Task A_service_started_for_the_first_time_after_towns_were_onboarded_learns_them()
    {
        Assert.Equal(HttpStatusCode.Created, (await fixture.Operator.Onboard("063215", "kahoku")).StatusCode);
        await using var database = await TestDatabase.CreateAsync("lateportal");
        // Its own queues: a service of its own, not a second instance of the fixture's portal.
        await using var latePortal = new ServiceHost<PortalService>(database, fixture.VirtualHost,
            new Dictionary<string, string?> { ["Messaging:EndpointPrefix"] = "late-portal" });
        latePortal.StartServer(); // its queue did not exist when 河北町 was announced

        using var client = latePortal.CreateClientForHost("kahoku.localhost");
        var served = await Eventually.Until(() => client.GetAsync("/api/town"), r => r.IsSuccessStatusCode, what: "河北町 to be restated");
        Assert.Contains("河北町", await served.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task An_unknown_town_is_a_404_problem_and_a_town_endpoint_without_a_town_too()
    {
        using var unknown = fixture.Portal.CreateClientForHost("atlantis.localhost");
        using var plain = fixture.Portal.CreateClient();

        var response = await unknown.GetAsync("/");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await plain.GetAsync("/api/town")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await plain.GetAsync("/")).StatusCode); // the prefecture's list of towns
    }
}
