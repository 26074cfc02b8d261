using System.Globalization;
using SharedServices.Testing;

namespace SharedServices.Deployment.Tests;

/// <summary>
/// deploy/backup on a PostgreSQL cluster of its own (pg_createcluster, dropped afterwards): WAL archiving
/// on, a base backup, writes before and after a chosen moment, then a point-in-time restore into a new
/// cluster. The restored cluster holds exactly what was committed before the moment, and its read
/// model (kept in the same transactions as the events, as Marten's inline projections are) equals the
/// one replayed from its events.
/// </summary>
public sealed class BackupScriptsTests
{
    private static readonly string Scripts = Path.Combine(ServiceProcess.RepositoryRoot(), "deploy", "backup");

    [Fact]
    public async Task A_point_in_time_restore_holds_what_was_committed_before_the_target_and_its_read_model_replays_from_its_events()
    {
        var name = $"sst_backup_{Guid.NewGuid():N}"[..20];
        var restored = name + "_r";
        var root = Directory.CreateTempSubdirectory("ss-backup-").FullName;
        var environment = new[] { $"PG_CLUSTER={name}", $"SS_BACKUP_ROOT={root}" };
        try
        {
            // Explicit free ports: clusters made at once by other tests could otherwise pick the same "next" port.
            await Run("pg_createcluster", "15", name, "-p", Port(), "--start");
            await Sql(name, """
                create table events (seq bigserial primary key, stream text not null, amount int not null);
                create table balances (stream text primary key, balance int not null);
                """);
            Assert.Contains("archived", await Script("wal-archive.sh", environment), StringComparison.Ordinal);
            Assert.Contains("verified", await Script("base-backup.sh", environment), StringComparison.Ordinal);

            for (var i = 0; i < 20; i++)
            {
                await Append(name, $"town-{i % 3}", i + 1);
            }
            var atTarget = await Sql(name, "select string_agg(stream || '=' || balance, ',' order by stream) from balances");
            await Task.Delay(1200);
            var target = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            await Task.Delay(1200);
            await Append(name, "town-0", 1000);
            await Append(name, "town-9", 5);
            await Sql(name, "select pg_switch_wal()");
            await Task.Delay(2000);   // the switched segment reaches the archive (cp on the server)

            var output = await Script("restore.sh", [.. environment], "--target-time", target, "--into", restored, "--port", Port());
            Assert.Contains("recovery stopping before commit", output, StringComparison.Ordinal);

            Assert.Equal(atTarget, await Sql(restored, "select string_agg(stream || '=' || balance, ',' order by stream) from balances"));
            Assert.Equal("20", await Sql(restored, "select count(*) from events"));
            Assert.Equal(atTarget, await Sql(restored, "select string_agg(stream || '=' || s, ',' order by stream) from (select stream, sum(amount) s from events group by stream) e"));
            Assert.Equal("f", await Sql(restored, "select pg_is_in_recovery()"));
            Assert.NotEqual(atTarget, await Sql(name, "select string_agg(stream || '=' || balance, ',' order by stream) from balances"));

            var again = await Fails("restore.sh", [.. environment], "--target-time", target, "--into", restored);
            Assert.Contains("exists already", again, StringComparison.Ordinal);
        }
        finally
        {
            await Processes.RunAsync("pg_dropcluster", null, "--stop", "15", restored);
            await Processes.RunAsync("pg_dropcluster", null, "--stop", "15", name);
            Directory.Delete(root, recursive: true);
        }
    }

    private static string Port() => TestEnvironment.FreePort().ToString(CultureInfo.InvariantCulture);

    private static Task<string> Append(string cluster, string stream, int amount) => Sql(cluster, $"""
        begin;
        insert into events (stream, amount) values ('{stream}', {amount});
        insert into balances values ('{stream}', {amount}) on conflict (stream) do update set balance = balances.balance + excluded.balance;
        commit;
        """);

    private static async Task<string> Sql(string cluster, string sql)
    {
        var port = (await Run("pg_lsclusters", "-h")).Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(f => f.Length > 2 && f[0] == "15" && f[1] == cluster)[2];
        return (await Run("runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-p", port, "-d", "postgres", "-c", sql)).Trim();
    }

    private static async Task<string> Script(string script, string[] environment, params string[] arguments)
    {
        var (exitCode, output, error) = await RunScript(script, environment, arguments);
        Assert.True(exitCode == 0, $"{script} exited with {exitCode}:\n{output}\n{error}");
        return output;
    }

    private static async Task<string> Fails(string script, string[] environment, params string[] arguments)
    {
        var (exitCode, output, error) = await RunScript(script, environment, arguments);
        Assert.True(exitCode != 0, $"{script} should have refused:\n{output}");
        return error;
    }

    private static Task<(int, string, string)> RunScript(string script, string[] environment, string[] arguments) =>
        Processes.RunAsync("env", null, [.. environment, "bash", Path.Combine(Scripts, script), .. arguments]);

    private static async Task<string> Run(string program, params string[] arguments)
    {
        var (exitCode, output, error) = await Processes.RunAsync(program, "/", arguments);
        Assert.True(exitCode == 0, $"{program} {string.Join(' ', arguments)} exited with {exitCode}:\n{output}\n{error}");
        return output;
    }
}
