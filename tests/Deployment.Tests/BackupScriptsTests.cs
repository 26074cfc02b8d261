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
    [Fact]
    public async Task A_point_in_time_restore_holds_what_was_committed_before_the_target_and_its_read_model_replays_from_its_events()
    {
        var root = Directory.CreateTempSubdirectory("ss-backup-").FullName;
        await using var cluster = await TestCluster.CreateAsync("backup");
        var restoredName = cluster.Name + "_r";
        try
        {
            await cluster.SqlAsync("""
                create table events (seq bigserial primary key, stream text not null, amount int not null);
                create table balances (stream text primary key, balance int not null);
                """);
            Assert.Contains("archived", await Script(cluster, root, "wal-archive.sh"), StringComparison.Ordinal);
            Assert.Contains("verified", await Script(cluster, root, "base-backup.sh"), StringComparison.Ordinal);

            for (var i = 0; i < 20; i++)
            {
                await Append(cluster, $"town-{i % 3}", i + 1);
            }
            var atTarget = await cluster.SqlAsync(Balances);
            await Task.Delay(1200);
            var target = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            await Task.Delay(1200);
            await Append(cluster, "town-0", 1000);
            await Append(cluster, "town-9", 5);
            await cluster.SqlAsync("select pg_switch_wal()");
            await Task.Delay(2000);   // the switched segment reaches the archive (cp on the server)

            // An explicit free port: clusters made at once by other tests could otherwise pick the same "next" port.
            var port = TestEnvironment.FreePort().ToString(CultureInfo.InvariantCulture);
            var output = await Script(cluster, root, "restore.sh", "--target-time", target, "--into", restoredName, "--port", port);
            Assert.Contains("recovery stopping before commit", output, StringComparison.Ordinal);
            await using var restored = await TestCluster.AttachAsync(restoredName);

            Assert.Equal(atTarget, await restored.SqlAsync(Balances));
            Assert.Equal("20", await restored.SqlAsync("select count(*) from events"));
            Assert.Equal(atTarget, await restored.SqlAsync("select string_agg(stream || '=' || s, ',' order by stream) from (select stream, sum(amount) s from events group by stream) e"));
            Assert.Equal("f", await restored.SqlAsync("select pg_is_in_recovery()"));
            Assert.NotEqual(atTarget, await cluster.SqlAsync(Balances));

            var (exitCode, _, error) = await cluster.BackupScriptAsync("restore.sh", root, "--target-time", target, "--into", restoredName);
            Assert.True(exitCode != 0, "a second restore into the same cluster name should have been refused");
            Assert.Contains("exists already", error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    private const string Balances = "select string_agg(stream || '=' || balance, ',' order by stream) from balances";

    private static Task<string> Append(TestCluster cluster, string stream, int amount) => cluster.SqlAsync($"""
        begin;
        insert into events (stream, amount) values ('{stream}', {amount});
        insert into balances values ('{stream}', {amount}) on conflict (stream) do update set balance = balances.balance + excluded.balance;
        commit;
        """);

    private static async Task<string> Script(TestCluster cluster, string root, string script, params string[] arguments)
    {
        var (exitCode, output, error) = await cluster.BackupScriptAsync(script, root, arguments);
        Assert.True(exitCode == 0, $"{script} exited with {exitCode}:\n{output}\n{error}");
        return output;
    }
}
