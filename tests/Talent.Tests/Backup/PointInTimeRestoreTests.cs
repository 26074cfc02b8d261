using System.Net.Http.Json;
using System.Text.Json;
using JasperFx.Events.Daemon;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using SharedServices.Talent.Needs;
using SharedServices.Talent.Registry;
using SharedServices.Talent.Tests.Api;
using SharedServices.Testing;
using static SharedServices.Talent.Tests.Api.TalentFixture;

namespace SharedServices.Talent.Tests.Backup;

/// <summary>The talent service on a PostgreSQL cluster of its own, archiving its WAL (deploy/backup/wal-archive.sh).</summary>
public sealed class RestoreFixture : TalentFixture
{
    public TestCluster Cluster { get; private set; } = null!;

    public string BackupRoot { get; } = Directory.CreateTempSubdirectory("ss-talent-backup-").FullName;

    protected override async Task<TestDatabase> CreateDatabaseAsync()
    {
        Cluster = await TestCluster.CreateAsync("talentpitr");
        await BackupScript("wal-archive.sh");
        return await TestDatabase.CreateAsync("talentpitr", Cluster);
    }

    public async Task<string> BackupScript(string script, params string[] arguments)
    {
        var (exitCode, output, error) = await Cluster.BackupScriptAsync(script, BackupRoot, arguments);
        Assert.True(exitCode == 0, $"{script} exited with {exitCode}:\n{output}\n{error}");
        return output;
    }

    public override async ValueTask DisposeAsync()
    {
        try
        {
            await base.DisposeAsync();
        }
        finally
        {
            if (Cluster is not null)
            {
                await Cluster.DisposeAsync();
            }
            Directory.Delete(BackupRoot, recursive: true);
        }
    }
}

/// <summary>
/// Point-in-time restore of a service's event store, end to end: a base backup, needs and profiles
/// before and after a chosen moment, a restore to that moment into a new cluster (deploy/backup/restore.sh).
/// The restored read models are those of the moment; the service started on the copy serves them; and
/// when they are lost, Marten's daemon replays the restored events into the very same documents.
/// </summary>
public sealed class PointInTimeRestoreTests(RestoreFixture fixture) : IClassFixture<RestoreFixture>
{
    [Fact]
    public async Task A_restore_to_a_moment_has_that_moments_read_models_and_its_events_replay_into_them()
    {
        var ct = TestContext.Current.CancellationToken;
        await fixture.BackupScript("base-backup.sh");
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        await PostNeedAsync(kaneyama, Need("窓口DXの伴走支援", [Skill("bpr", 3)]));
        await PostNeedAsync(kaneyama, Need("データ活用の推進", [Skill("data", 3)]));
        await fixture.ListedPersonAsync(Profile("佐藤 一郎", [Skill("data", 4)]));
        var source = fixture.Cluster.SuperuserConnectionString(fixture.Database.Name);
        var atTarget = await ReadModels(source);
        var eventsAtTarget = await Scalar(source, "select count(*) from {events}");
        Assert.Equal(2, atTarget.Count(d => d.StartsWith("need", StringComparison.Ordinal)));

        await Task.Delay(1200, ct);
        var target = await Scalar(source, "select to_char(clock_timestamp() at time zone 'utc', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"')");
        await Task.Delay(1200, ct);
        await PostNeedAsync(kaneyama, Need("後から来た需要", [Skill("ux", 3)]));
        await fixture.ListedPersonAsync(Profile("後藤 二郎", [Skill("ux", 4)]));
        var switched = await Scalar(source, "select pg_walfile_name(pg_switch_wal())");
        await Eventually.Until(() => Task.FromResult(File.Exists(Path.Combine(fixture.BackupRoot, "wal", switched))), found => found, what: $"WAL segment {switched} archived");

        var restoredName = fixture.Cluster.Name + "_r";
        var output = await fixture.BackupScript("restore.sh", "--target-time", target, "--into", restoredName, "--port", Port());
        await using var restored = await TestCluster.AttachAsync(restoredName);
        Assert.Contains("recovery stopping before commit", output, StringComparison.Ordinal);
        var copy = restored.SuperuserConnectionString(fixture.Database.Name);
        Assert.Equal(atTarget, await ReadModels(copy));
        Assert.Equal(eventsAtTarget, await Scalar(copy, "select count(*) from {events}"));
        Assert.NotEqual(atTarget, await ReadModels(source));

        // The service on the copy (as the superuser, so that a rebuild reads every town's events).
        await using var virtualHost = await TestVirtualHost.CreateAsync("talentpitrr");
        await using var service = new ServiceHost<TalentService>(fixture.Database.On(restored), virtualHost, new Dictionary<string, string?>
        {
            ["Identity:Issuer"] = fixture.Identity.Address.ToString(),
            ["ConnectionStrings:Marten"] = copy,
        });
        using var onCopy = service.CreateClientForHost(Kaneyama);
        onCopy.DefaultRequestHeaders.Authorization = new("Bearer", fixture.KaneyamaAdminToken);
        var needs = await (await onCopy.GetAsync("/console/needs", ct)).Content.ReadFromJsonAsync<JsonElement>(ct);
        var titles = needs.EnumerateArray().Select(n => n.GetProperty("terms").GetProperty("title").GetString()!).Order().ToArray();
        Assert.Equal(["データ活用の推進", "窓口DXの伴走支援"], titles);

        // Read models lost: replayed from the restored events, they come back the same.
        await Scalar(copy, "delete from {needs}; delete from {profiles}; select 0");
        Assert.Empty(await ReadModels(copy));
        var store = service.Services.GetRequiredService<IDocumentStore>();
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<Need>(TimeSpan.FromMinutes(1), ct);
        await daemon.RebuildProjectionAsync<TalentProfile>(TimeSpan.FromMinutes(1), ct);
        Assert.Equal(atTarget, await ReadModels(copy));
    }

    private static string Port() => TestEnvironment.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Every need and profile document, as "kind tenant id json" lines in a fixed order.</summary>
    private static async Task<List<string>> ReadModels(string connectionString)
    {
        var rows = new List<string>();
        foreach (var (kind, table) in new[] { ("need", "{needs}"), ("profile", "{profiles}") })
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(Tables(await SchemaOf(connection), $"select tenant_id || ' ' || id::text || ' ' || data::text from {table} order by tenant_id, id::text"), connection);
            await using var reader = await command.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                rows.Add($"{kind} {reader.GetString(0)}");
            }
        }
        return rows;
    }

    private static async Task<string> Scalar(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(Tables(await SchemaOf(connection), sql), connection);
        return Convert.ToString(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture)!;
    }

    private static string Tables(string schema, string sql) => sql
        .Replace("{events}", $"{schema}.mt_events", StringComparison.Ordinal)
        .Replace("{needs}", $"{schema}.mt_doc_need", StringComparison.Ordinal)
        .Replace("{profiles}", $"{schema}.mt_doc_talentprofile", StringComparison.Ordinal);

    private static async Task<string> SchemaOf(NpgsqlConnection connection)
    {
        await using var command = new NpgsqlCommand("select table_schema from information_schema.tables where table_name = 'mt_doc_need'", connection);
        return (string?)await command.ExecuteScalarAsync() ?? "public";
    }
}
