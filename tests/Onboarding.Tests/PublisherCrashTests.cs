using System.Net;
using System.Net.Http.Json;
using SharedServices.Portal;
using SharedServices.Testing;

namespace SharedServices.Onboarding.Tests;

/// <summary>
/// The outbox promise: a change committed by a process that dies before publishing is still
/// announced. The onboarding service runs as a real process, first with its relay off (it commits
/// and never publishes, as if it died in between), is killed with SIGKILL, and is started again.
/// </summary>
public sealed class PublisherCrashTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestDatabase _portalDatabase = null!;
    private TestVirtualHost _virtualHost = null!;
    private ServiceHost<PortalService> _portal = null!;
    private TestIdentity _identity = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("crash");
        _portalDatabase = await TestDatabase.CreateAsync("crashportal");
        _virtualHost = await TestVirtualHost.CreateAsync("crash");
        _portal = new ServiceHost<PortalService>(_portalDatabase, _virtualHost);
        _portal.StartServer();
        _identity = await TestIdentity.StartAsync(_virtualHost);
    }

    [Fact]
    public async Task A_town_committed_before_the_publisher_was_killed_is_announced_after_it_restarts()
    {
        var contentRoot = Path.Combine(ServiceProcess.RepositoryRoot(), "services", "Onboarding");
        using var portal = _portal.CreateClientForHost("yuza.localhost");

        await using (var doomed = await ServiceProcess.StartAsync("SharedServices.Onboarding", contentRoot, _database, _virtualHost,
            new Dictionary<string, string> { ["Outbox:Enabled"] = "false", ["Identity:Issuer"] = _identity.Address.ToString() }))
        {
            using var client = new HttpClient { BaseAddress = doomed.Address };
            client.DefaultRequestHeaders.Authorization = new("Bearer", await _identity.OperatorToken());
            var onboarded = await client.PostAsJsonAsync("/operator/municipalities", new { code = "064611", slug = "yuza", nameEn = "Yuza Town" });
            Assert.Equal(HttpStatusCode.Created, onboarded.StatusCode);
            // Structured logs: the request's line names the tenant it ran for (the prefecture) and its trace.
            var logLine = await Eventually.Until(() => Task.FromResult(doomed.Output.Split('\n').FirstOrDefault(l => l.Contains("Onboarded 064611", StringComparison.Ordinal))),
                l => l is not null, what: "the onboarding log line");
            Assert.Contains("\"TenantId\":\"060003\"", logLine);
            Assert.Contains("\"TraceId\":", logLine);

            doomed.Kill();
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.NotFound, (await portal.GetAsync("/api/town")).StatusCode); // nothing was published

        await using var restarted = await ServiceProcess.StartAsync("SharedServices.Onboarding", contentRoot, _database, _virtualHost);
        var served = await Eventually.Until(() => portal.GetAsync("/api/town"), r => r.IsSuccessStatusCode,
            TimeSpan.FromSeconds(30), "遊佐町 to be announced after the restart");
        Assert.Contains("遊佐町", await served.Content.ReadAsStringAsync());
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _identity.DisposeAsync();
        await _database.DisposeAsync();
        await _portalDatabase.DisposeAsync();
        await _virtualHost.DisposeAsync();
    }
}
