using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using SharedServices.Tenancy;

namespace SharedServices.EventStore;

/// <summary>
/// How far each async shard of this service's event store (the outbox relay, async projections) is
/// behind, per town: the events it has not processed yet and the age of the oldest of them. Read from
/// each of the service's databases (a town's own too) every <c>Metrics:ProjectionLagSeconds</c> (15) as the relay role, which sees every town,
/// and kept for the scrapes, so Prometheus' polling costs the database nothing. A town with nothing
/// pending reads 0, so a dashboard can tell "caught up" from "no figures".
/// Every instance reports the same database-wide figures: dashboards take the max over instances.
/// </summary>
public sealed class ProjectionLag : BackgroundService
{
    // Shards are named "{projection or subscription}:{key}"; Marten's bookkeeping rows (HighWaterMark, ...) have no colon.
    private const string PendingSql = """
        select p.name, e.tenant_id, count(*), extract(epoch from now() - min(e.timestamp))::float8
        from mt_event_progression p
        join mt_events e on e.seq_id > p.last_seq_id
        where p.name like '%:%'
        group by p.name, e.tenant_id
        """;

    private readonly EventStoreSettings _settings;
    private readonly ITenantStore _towns;
    private readonly ILogger<ProjectionLag> _logger;
    private readonly TimeSpan _interval;
    private volatile IReadOnlyList<Pending> _latest = [];

    public ProjectionLag(EventStoreSettings settings, ITenantStore towns, IConfiguration config, IMeterFactory meters, ILogger<ProjectionLag> logger)
    {
        var meter = meters.Create(Web.PlatformMetrics.MeterPrefix + "EventStore");
        _settings = settings;
        _towns = towns;
        _logger = logger;
        _interval = TimeSpan.FromSeconds(config.GetValue("Metrics:ProjectionLagSeconds", 15.0));
        meter.CreateObservableGauge("platform.projection.lag", () => _latest.Select(p => p.Measure(p.Events)),
            "{event}", "Events an async shard (outbox relay, projection) has not processed yet, per town");
        meter.CreateObservableGauge("platform.projection.lag.age", () => _latest.Select(p => p.Measure(p.OldestSeconds)),
            "s", "Age of the oldest event an async shard has not processed yet, per town");
    }

    /// <summary>What one shard has pending for one town.</summary>
    private sealed record Pending(string Shard, string Town, long Events, double OldestSeconds)
    {
        public Measurement<double> Measure(double value) => new(value, new("shard", Shard), new("tenant", Town));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_interval);
        do
        {
            try
            {
                _latest = await ReadAsync(stoppingToken);
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                // The figures go stale, not wrong: the next read replaces them.
                _logger.LogWarning(ex, "Reading the projection lag failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Every database of the service (a town with its own included): its shards, and what they have pending per town.</summary>
    private async Task<IReadOnlyList<Pending>> ReadAsync(CancellationToken ct)
    {
        var pending = new Dictionary<(string, string), Pending>();
        foreach (var database in _settings.Databases)
        {
            await ReadAsync(database.Relay, pending, ct);
        }
        return [.. pending.Values];
    }

    private async Task ReadAsync(string relayConnectionString, Dictionary<(string, string), Pending> pending, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(relayConnectionString);
        await connection.OpenAsync(ct);
        var shards = new List<string>();
        await using (var names = new NpgsqlCommand("select name from mt_event_progression where name like '%:%'", connection))
        await using (var reader = await names.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                shards.Add(reader.GetString(0));
            }
        }
        foreach (var shard in shards)
        {
            foreach (var town in _towns.All)
            {
                pending.TryAdd((shard, town.Id), new Pending(shard, town.Id, 0, 0));
            }
        }
        await using (var command = new NpgsqlCommand(PendingSql, connection) { CommandTimeout = 10 })
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var (shard, town) = (reader.GetString(0), reader.GetString(1));
                pending[(shard, town)] = new Pending(shard, town, reader.GetInt64(2), reader.GetDouble(3));
            }
        }
    }
}
