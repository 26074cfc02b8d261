using System.Text.RegularExpressions;
using Npgsql;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;
using static SharedServices.Talent.Tests.Api.TalentFixture;

namespace SharedServices.Talent.Tests.Api;

/// <summary>
/// What Prometheus scrapes from a service (<c>/metrics</c>): request latencies by route and town, the
/// messages it consumed, and how far behind each async shard is per town. The names are those the
/// Grafana dashboard (deploy/grafana) queries.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed partial class MetricsTests(TalentFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>The value of the first series of <paramref name="metric"/> whose labels include all of <paramref name="labels"/>.</summary>
    private static double? Value(string scrape, string metric, params string[] labels) =>
        scrape.Split('\n')
            .Where(line => line.StartsWith(metric + "{", StringComparison.Ordinal) && labels.All(l => line.Contains(l, StringComparison.Ordinal)))
            .Select(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture))
            .Cast<double?>()
            .FirstOrDefault();

    /// <summary>
    /// A talent instance in a process of its own (as in production: the test process hosts several services, whose
    /// meters of the same names would mix), on the fixture's database and virtual host.
    /// </summary>
    private async Task<ServiceProcess> StartInstanceAsync() =>
        await ServiceProcess.StartAsync("SharedServices.Talent", Path.Combine(ServiceProcess.RepositoryRoot(), "services", "Talent"),
            fixture.Database, fixture.VirtualHost, new Dictionary<string, string>
            {
                ["Identity:Issuer"] = fixture.Identity.Address.ToString(),
                ["Metrics:ProjectionLagSeconds"] = "1",
            });

    private static HttpClient Client(ServiceProcess instance, string? host, string? token)
    {
        var client = new HttpClient { BaseAddress = instance.Address };
        if (host is not null)
        {
            client.DefaultRequestHeaders.Host = host;
        }
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    [Fact]
    public async Task Prometheus_sees_requests_by_route_status_and_town_consumed_messages_and_each_shards_lag_per_town()
    {
        await using var instance = await StartInstanceAsync();
        using var metrics = Client(instance, null, null);
        async Task<string> Scrape() => await (await Ok(await metrics.GetAsync("/metrics", Ct))).Content.ReadAsStringAsync(Ct);
        using var kaneyama = Client(instance, Kaneyama, fixture.KaneyamaAdminToken);
        using var okura = Client(instance, Okura, fixture.OkuraAdminToken);

        // Requests, by route, status and town.
        for (var i = 0; i < 3; i++)
        {
            await Ok(await okura.GetAsync("/console/needs", Ct));
        }
        await PostNeedAsync(kaneyama, Need("広報デジタル化", [Skill("ux", 2)]));
        var scrape = await Scrape();
        Assert.Equal(3, Value(scrape, "http_server_request_duration_seconds_count", "http_route=\"/console/needs/\"", "http_request_method=\"GET\"", $"tenant=\"{OkuraCode}\""));
        Assert.Equal(1, Value(scrape, "http_server_request_duration_seconds_bucket", "http_route=\"/console/needs/\"", "http_request_method=\"POST\"",
            "http_response_status_code=\"201\"", $"tenant=\"{KaneyamaCode}\"", "le=\"+Inf\""));
        Assert.Null(Value(scrape, "http_server_request_duration_seconds_count", "http_route=\"/console/needs/\"", "http_request_method=\"POST\"", $"tenant=\"{OkuraCode}\""));

        // The outbox relay publishes the need's events (whichever instance leads): its lag for the town comes back to 0.
        await Eventually.Until(Scrape,
            s => Value(s, "platform_projection_lag", "shard=\"outbox:All\"", $"tenant=\"{KaneyamaCode}\"") == 0,
            what: "the outbox relay caught up for 金山町");

        // A shard that has processed nothing yet: every event of the town is pending, the oldest as old as the town's first.
        await using (var owner = new NpgsqlConnection(fixture.Database.OwnerConnectionString))
        {
            await owner.OpenAsync(Ct);
            await using var command = new NpgsqlCommand(
                "insert into mt_event_progression (name, last_seq_id) values ('metrics-test:All', 0) on conflict (name) do nothing", owner);
            await command.ExecuteNonQueryAsync(Ct);
        }
        long townEvents;
        await using (var relay = new NpgsqlConnection(fixture.Database.RelayConnectionString))
        {
            await relay.OpenAsync(Ct);
            await using var count = new NpgsqlCommand($"select count(*) from mt_events where tenant_id = '{KaneyamaCode}'", relay);
            townEvents = (long)(await count.ExecuteScalarAsync(Ct))!;
        }
        scrape = await Eventually.Until(Scrape,
            s => Value(s, "platform_projection_lag", "shard=\"metrics-test:All\"", $"tenant=\"{KaneyamaCode}\"") >= townEvents,
            what: "the new shard's lag for 金山町");
        Assert.True(townEvents > 0);
        Assert.True(Value(scrape, "platform_projection_lag_age_seconds", "shard=\"metrics-test:All\"", $"tenant=\"{KaneyamaCode}\"") > 0);
        // 小国町 has no talent events at all: it reads 0, not nothing. Marten's own bookkeeping rows are no shards.
        Assert.Equal(0, Value(scrape, "platform_projection_lag", "shard=\"metrics-test:All\"", "tenant=\"064017\""));
        Assert.DoesNotContain("shard=\"HighWater", scrape, StringComparison.Ordinal);

        // Messages consumed, by queue and type: the instance competes with the fixture's for the town events, so
        // the prefecture changes a town until the instance has consumed one.
        await ConsumeATownEventAsync(Scrape);
    }

    [Fact]
    public async Task Every_series_the_Grafana_dashboard_draws_is_exported_by_a_service_or_RabbitMQ()
    {
        // In a process of its own: in this one, a service host another test disposes takes the metrics of the
        // same names with it (OpenTelemetry merges instruments of one name across the process's hosts).
        await using var instance = await StartInstanceAsync();
        using var metrics = Client(instance, null, null);
        using var okura = Client(instance, Okura, fixture.OkuraAdminToken);
        using var rabbit = new HttpClient { BaseAddress = new Uri($"http://{TestEnvironment.RabbitHost}:{TestEnvironment.RabbitPrometheusPort}/") };
        async Task<string> Scrape() => await (await Ok(await metrics.GetAsync("/metrics", Ct))).Content.ReadAsStringAsync(Ct);
        async Task<string> Scrapes() =>
            await Scrape() + await (await Ok(await rabbit.GetAsync("/metrics/detailed?family=queue_coarse_metrics", Ct))).Content.ReadAsStringAsync(Ct);
        await Ok(await okura.GetAsync("/console/needs", Ct));
        await ConsumeATownEventAsync(Scrape);

        var dashboard = System.Text.Json.JsonDocument.Parse(await File.ReadAllTextAsync(
            Path.Combine(ServiceProcess.RepositoryRoot(), "deploy", "grafana", "sharedservices.json"), Ct));
        var drawn = dashboard.RootElement.GetProperty("panels").EnumerateArray()
            .Where(panel => panel.TryGetProperty("targets", out _))
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .SelectMany(target => SeriesName().Matches(target.GetProperty("expr").GetString()!).Select(m => m.Groups[1].Value))
            .Distinct()
            // Counted only once a consumer has thrown (the name is MassTransit's "messaging.masstransit.consume.errors").
            .Where(name => name != "messaging_masstransit_consume_errors_ea_total")
            .ToList();
        Assert.True(drawn.Count >= 10, string.Join(", ", drawn));

        IEnumerable<string> Missing(string scrape) =>
            drawn.Where(name => !scrape.Contains("\n" + name + "{", StringComparison.Ordinal) && !scrape.Contains("\n" + name + " ", StringComparison.Ordinal));
        var scrapes = await Eventually.Until(Scrapes, s => !Missing(s).Any(),
            what: "every series of the dashboard", describe: s => "missing: " + string.Join(", ", Missing(s)));
        Assert.Contains("queue=\"talent", scrapes, StringComparison.Ordinal); // per queue, this fixture's among them
    }

    /// <summary>Changes a town until <paramref name="scrape"/> shows a consumed town event (a queue's consumers take turns).</summary>
    private async Task<string> ConsumeATownEventAsync(Func<Task<string>> scrape)
    {
        var round = 0;
        return await Eventually.Until(async () =>
            {
                await fixture.ChangeOguniProfileAsync(++round);
                return await scrape();
            },
            s => ConsumedTownEvents().IsMatch(s), what: "a town event consumed by the instance",
            describe: s => $"{round} changes, consumed: " + string.Join(" | ", s.Split('\n').Where(l => l.StartsWith("messaging_masstransit_consume_ea_total", StringComparison.Ordinal))));
    }

    /// <summary>A series name in PromQL: the identifier before a label selector.</summary>
    [GeneratedRegex(@"([a-zA-Z_:][a-zA-Z0-9_:]*)\{")]
    private static partial Regex SeriesName();

    [GeneratedRegex(@"messaging_masstransit_consume_ea_total\{[^}]*messaging_masstransit_destination=""talent-[^""]+""[^}]*messaging_masstransit_message_type=""[^""]*Tenant[^""]*""[^}]*\} [1-9]")]
    private static partial Regex ConsumedTownEvents();
}
