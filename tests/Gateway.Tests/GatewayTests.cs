using System.Net;
using System.Net.Http.Json;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;

namespace SharedServices.Gateway.Tests;

/// <summary>
/// The edge gateway (services/Gateway) in front of real Kestrel upstreams: what it routes where, what it
/// forwards, what it refuses (rate and size limits) and the security headers it adds.
/// </summary>
public sealed class GatewayTests : IAsyncLifetime
{
    private Upstream _portal = null!;
    private Upstream _points = null!;
    private Upstream _eApplication = null!;
    private Upstream _identity = null!;

    public async ValueTask InitializeAsync()
    {
        _identity = await Upstream.StartAsync("identity");
        _portal = await Upstream.StartAsync("portal");
        _points = await Upstream.StartAsync("points");
        _eApplication = await Upstream.StartAsync("eapplication");
    }

    public async ValueTask DisposeAsync()
    {
        await _portal.DisposeAsync();
        await _points.DisposeAsync();
        await _eApplication.DisposeAsync();
        await _identity.DisposeAsync();
    }

    private GatewayHost Gateway(params (string Key, string? Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ReverseProxy:Clusters:portal:Destinations:a:Address"] = _portal.Address.ToString(),
            ["ReverseProxy:Clusters:points:Destinations:a:Address"] = _points.Address.ToString(),
            ["ReverseProxy:Clusters:eapplication:Destinations:a:Address"] = _eApplication.Address.ToString(),
            ["ReverseProxy:Clusters:identity:Destinations:a:Address"] = _identity.Address.ToString(),
            ["ReverseProxy:Routes:identity:Match:Hosts:0"] = "login.towns.example.jp",
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }
        var gateway = new GatewayHost(settings);
        gateway.StartServer();
        return gateway;
    }

    private static async Task<Seen> SeenBy(HttpResponseMessage response) =>
        (await (await Ok(response)).Content.ReadFromJsonAsync<Seen>())!;

    [Fact]
    public async Task A_town_page_reaches_the_portal_with_its_host_kept_and_the_client_forwarded()
    {
        await using var gateway = Gateway();
        using var town = gateway.CreateClientForHost("kaneyama.localhost");

        var seen = await SeenBy(await town.GetAsync("/Resident/Applications?page=2"));

        Assert.Equal("portal", seen.Upstream);
        Assert.Equal("/Resident/Applications", seen.Path);
        Assert.Equal("kaneyama.localhost", seen.Host); // the services resolve the town from it, as without the gateway
        Assert.Equal("127.0.0.1", seen.Headers["x-forwarded-for"]);
        Assert.Equal("http", seen.Headers["x-forwarded-proto"]);
        Assert.Equal("kaneyama.localhost", seen.Headers["x-forwarded-host"]);
        Assert.Matches("^00-[0-9a-f]{32}-[0-9a-f]{16}-0[01]$", seen.Headers["traceparent"]); // the trace goes on into the service
    }

    [Fact]
    public async Task A_service_api_is_reached_by_town_host_and_by_town_path_without_the_api_prefix()
    {
        await using var gateway = Gateway();
        using var byHost = gateway.CreateClientForHost("kaneyama.localhost");
        using var byPath = gateway.CreateClientForHost("localhost");

        var viaHost = await SeenBy(await byHost.GetAsync("/api/points/campaigns"));
        var viaPath = await SeenBy(await byPath.GetAsync("/t/kaneyama/api/points/campaigns"));
        var application = await SeenBy(await byHost.PostAsJsonAsync("/api/eapplication/procedures/water-service/applications", new { }));

        Assert.Equal(("points", "/campaigns", "kaneyama.localhost"), (viaHost.Upstream, viaHost.Path, viaHost.Host));
        Assert.Equal(("points", "/t/kaneyama/campaigns", "localhost"), (viaPath.Upstream, viaPath.Path, viaPath.Host));
        Assert.Equal(("eapplication", "POST", "/procedures/water-service/applications"), (application.Upstream, application.Method, application.Path));
        Assert.Equal(0, _portal.Hits);
    }

    [Fact]
    public async Task Identitys_host_reaches_the_identity_service_whatever_the_path_and_other_hosts_never_do()
    {
        await using var gateway = Gateway();
        using var login = gateway.CreateClientForHost("login.towns.example.jp");
        using var town = gateway.CreateClientForHost("kaneyama.localhost");

        var authorize = await login.GetAsync("/connect/authorize?client_id=portal");
        var signIn = await SeenBy(await login.GetAsync("/Account/Login"));
        var apiPath = await SeenBy(await login.GetAsync("/api/points/campaigns"));
        var sameOnTown = await SeenBy(await town.GetAsync("/connect/authorize?client_id=portal"));

        var seen = (await authorize.Content.ReadFromJsonAsync<Seen>())!;
        Assert.Equal(("identity", "/connect/authorize", "login.towns.example.jp"), (seen.Upstream, seen.Path, seen.Host));
        Assert.Equal("127.0.0.1", seen.Headers["x-forwarded-for"]);
        Assert.Equal(("identity", "/Account/Login"), (signIn.Upstream, signIn.Path));
        Assert.Equal(("identity", "/api/points/campaigns"), (apiPath.Upstream, apiPath.Path)); // no API route on this host
        Assert.Equal("portal", sameOnTown.Upstream);
        // Its pages are pages: the page policy (scripts from itself only), never framed.
        Assert.Contains("script-src 'self'", authorize.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("frame-ancestors 'none'", authorize.Headers.GetValues("Content-Security-Policy").Single());
    }

    [Fact]
    public async Task A_client_cannot_forge_its_address_or_scheme()
    {
        await using var gateway = Gateway();
        using var town = gateway.CreateClientForHost("kaneyama.localhost");
        town.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        town.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        town.DefaultRequestHeaders.Add("X-Forwarded-Host", "okura.localhost");

        var seen = await SeenBy(await town.GetAsync("/"));

        Assert.Equal("127.0.0.1", seen.Headers["x-forwarded-for"]);
        Assert.Equal("http", seen.Headers["x-forwarded-proto"]);
        Assert.Equal("kaneyama.localhost", seen.Headers["x-forwarded-host"]);
    }

    [Fact]
    public async Task A_town_over_its_rate_is_refused_with_429_and_other_towns_are_not()
    {
        await using var gateway = Gateway(
            ("Gateway:RateLimits:PerTown:Burst", "3"), ("Gateway:RateLimits:PerTown:Permits", "1"), ("Gateway:RateLimits:PerTown:PeriodSeconds", "600"));
        using var kaneyama = gateway.CreateClientForHost("kaneyama.localhost");
        using var kaneyamaByPath = gateway.CreateClientForHost("localhost");
        using var okura = gateway.CreateClientForHost("okura.localhost");

        await Ok(await kaneyama.GetAsync("/"));
        await Ok(await kaneyama.GetAsync("/api/points/campaigns"));
        await Ok(await kaneyamaByPath.GetAsync("/t/kaneyama/")); // the same town by path shares the bucket
        var refused = await kaneyama.GetAsync("/");
        var problem = await AssertProblem(refused, HttpStatusCode.TooManyRequests);

        Assert.True(int.Parse(refused.Headers.RetryAfter!.ToString(), System.Globalization.CultureInfo.InvariantCulture) >= 1);
        Assert.Equal("Too many requests", problem.GetProperty("title").GetString());
        await AssertProblem(await kaneyamaByPath.GetAsync("/t/kaneyama/api/points/campaigns"), HttpStatusCode.TooManyRequests);
        Assert.Equal(3, _portal.Hits + _points.Hits); // refused requests never reach a service
        await Ok(await okura.GetAsync("/"));
        await Ok(await kaneyama.GetAsync("/health/live")); // probes are never limited
    }

    [Fact]
    public async Task A_client_over_its_rate_is_refused_and_other_clients_of_its_town_are_not()
    {
        // The gateway behind a load balancer at 127.0.0.1: the client is the address it forwards.
        await using var gateway = Gateway(("TrustedProxies:0", "127.0.0.1"),
            ("Gateway:RateLimits:PerClient:Burst", "2"), ("Gateway:RateLimits:PerClient:Permits", "1"), ("Gateway:RateLimits:PerClient:PeriodSeconds", "600"));
        HttpClient Client(string address)
        {
            var client = gateway.CreateClientForHost("kaneyama.localhost");
            client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
            return client;
        }
        using var first = Client("203.0.113.1");
        using var second = Client("203.0.113.2");

        var seen = await SeenBy(await first.GetAsync("/"));
        await Ok(await first.GetAsync("/"));
        await AssertProblem(await first.GetAsync("/"), HttpStatusCode.TooManyRequests);

        Assert.Equal("203.0.113.1", seen.Headers["x-forwarded-for"]); // the trusted proxy's word is passed on
        await Ok(await second.GetAsync("/"));
        Assert.Equal(3, _portal.Hits);
    }

    [Fact]
    public async Task A_body_over_the_routes_limit_is_refused_with_413_before_any_service_sees_it()
    {
        await using var gateway = Gateway();
        using var town = gateway.CreateClientForHost("kaneyama.localhost");
        var justUnder = new byte[256 * 1024];
        var over = new byte[256 * 1024 + 1];

        // Points' routes take Kestrel's 256 KiB (Limits:MaxRequestBodyBytes); e-application's take 16 MiB (files).
        Assert.Equal(justUnder.Length, (await SeenBy(await town.PostAsync("/api/points/campaigns", new ByteArrayContent(justUnder)))).BodyBytes);
        await AssertProblem(await town.PostAsync("/api/points/campaigns", new ByteArrayContent(over)), HttpStatusCode.RequestEntityTooLarge);
        var chunked = new StreamContent(new MemoryStream(over));
        var refused = await town.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/api/points/campaigns")
        {
            Content = chunked,
            Headers = { TransferEncodingChunked = true },
        });
        await AssertProblem(refused, HttpStatusCode.RequestEntityTooLarge);
        Assert.Equal(over.Length, (await SeenBy(await town.PostAsync("/api/eapplication/applications/1/files", new ByteArrayContent(over)))).BodyBytes);
        Assert.Equal(1, _points.Hits); // the chunked one was cut off at the limit: points never got it whole
    }

    [Fact]
    public async Task Metrics_are_never_forwarded_and_the_gateways_own_are_only_on_the_metrics_port()
    {
        await using (var development = Gateway())
        {
            using var client = development.CreateClientForHost("localhost");
            var own = await (await Ok(await client.GetAsync("/metrics"))).Content.ReadAsStringAsync();
            Assert.Contains("# TYPE http_server_request_duration_seconds histogram", own, StringComparison.Ordinal);
        }

        // Production: Metrics:Port names a port of its own (not this one), so no path here reaches any metrics.
        await using var gateway = Gateway(("Metrics:Port", "9464"));
        using var town = gateway.CreateClientForHost("kaneyama.localhost");
        using var byPath = gateway.CreateClientForHost("localhost");
        foreach (var (client, path) in new[]
        {
            (town, "/metrics"), (town, "/api/points/metrics"), (town, "/api/eapplication/Metrics"),
            (byPath, "/t/kaneyama/api/points/metrics"), (byPath, "/t/kaneyama/metrics"), (town, "/api/points/metrics/x"),
        })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync(path)).StatusCode);
        }
        Assert.Equal((0, 0, 0), (_portal.Hits, _points.Hits, _eApplication.Hits));
        // A path that only looks alike is still forwarded.
        Assert.Equal("/campaigns/metrics-2026", (await SeenBy(await town.GetAsync("/api/points/campaigns/metrics-2026"))).Path);
    }

    [Fact]
    public async Task Every_answer_carries_the_security_headers_pages_and_apis_each_their_policy()
    {
        await using var gateway = Gateway();
        using var town = gateway.CreateClientForHost("kaneyama.localhost");

        var page = await Ok(await town.GetAsync("/"));
        var api = await Ok(await town.GetAsync("/api/points/campaigns"));
        var missing = await town.GetAsync("/health/nowhere"); // still proxied: the portal answers

        var pagePolicy = page.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", pagePolicy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", pagePolicy, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", pagePolicy, StringComparison.Ordinal);
        Assert.Equal("default-src 'none'; frame-ancestors 'none'", api.Headers.GetValues("Content-Security-Policy").Single());
        foreach (var response in new[] { page, api, missing })
        {
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("strict-origin-when-cross-origin", response.Headers.GetValues("Referrer-Policy").Single());
            Assert.Contains("camera=()", response.Headers.GetValues("Permissions-Policy").Single(), StringComparison.Ordinal);
            Assert.False(response.Headers.Contains("Strict-Transport-Security")); // plain HTTP: never HSTS (RFC 6797 §7.2)
            Assert.False(response.Headers.Contains("Server"));
        }
    }

    [Fact]
    public async Task Https_at_a_trusted_load_balancer_gets_HSTS()
    {
        await using var gateway = Gateway(("TrustedProxies:0", "127.0.0.1"));
        using var town = gateway.CreateClientForHost("kaneyama.localhost");
        town.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");

        var response = await town.GetAsync("/");
        var seen = await SeenBy(response);

        Assert.Equal("max-age=31536000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.Equal("https", seen.Headers["x-forwarded-proto"]); // the services build https links and redirect URIs
    }

    [Fact]
    public async Task Two_instances_of_a_service_share_the_requests_and_a_stopped_one_is_left_out()
    {
        await using var second = await Upstream.StartAsync("points-2");
        await using var gateway = Gateway(
            ("ReverseProxy:Clusters:points:Destinations:b:Address", second.Address.ToString()),
            ("ReverseProxy:Clusters:points:HealthCheck:Active:Interval", "00:00:01"));
        using var town = gateway.CreateClientForHost("kaneyama.localhost");

        for (var i = 0; i < 10; i++)
        {
            await Ok(await town.GetAsync("/api/points/campaigns"));
        }
        Assert.Equal((5, 5), (_points.Hits, second.Hits)); // round robin

        await second.StopAsync();
        // Within the active health check's interval the gateway stops sending to it: then ten in a row succeed.
        await Eventually.Until(async () =>
        {
            for (var i = 0; i < 10; i++)
            {
                if ((await town.GetAsync("/api/points/campaigns")).StatusCode != HttpStatusCode.OK)
                {
                    return false;
                }
            }
            return true;
        }, ok => ok, TimeSpan.FromSeconds(20), "the stopped instance left out");
    }
}
