namespace SharedServices.Testing;

/// <summary>
/// A PostgreSQL 15 cluster of its own (Debian's <c>pg_createcluster</c>), for tests that back up and
/// restore a whole server: the platform's three roles exist in it with the test passwords, and the
/// superuser may sign in over TCP. Dropped, with its data, on dispose.
/// </summary>
public sealed class TestCluster : IAsyncDisposable
{
    private const string SuperuserPassword = "sst_superuser_dev";

    private TestCluster(string name, string port)
    {
        Name = name;
        Port = port;
    }

    public string Name { get; }

    public string Port { get; }

    public static async Task<TestCluster> CreateAsync(string purpose)
    {
        var name = $"sst_{purpose}_{Guid.NewGuid():N}"[..20];
        // An explicit free port: two clusters made at once by pg_createcluster could both pick "the next" one.
        await MustRun("pg_createcluster", "15", name, "-p", TestEnvironment.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), "--start");
        var cluster = await AttachAsync(name);
        await cluster.SqlAsync($"""
            CREATE ROLE {TestEnvironment.OwnerUser} LOGIN CREATEDB PASSWORD '{TestEnvironment.OwnerPassword}';
            GRANT pg_signal_backend TO {TestEnvironment.OwnerUser};
            CREATE ROLE {TestEnvironment.AppUser} LOGIN PASSWORD '{TestEnvironment.AppPassword}';
            CREATE ROLE {TestEnvironment.RelayUser} LOGIN PASSWORD '{TestEnvironment.RelayPassword}';
            GRANT pg_read_all_stats TO {TestEnvironment.RelayUser};
            ALTER ROLE postgres PASSWORD '{SuperuserPassword}';
            """);
        return cluster;
    }

    /// <summary>A cluster something else made (e.g. deploy/backup/restore.sh), dropped on dispose like one of ours.</summary>
    public static async Task<TestCluster> AttachAsync(string name)
    {
        var port = (await MustRun("pg_lsclusters", "-h")).Split('\n')
            .Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(fields => fields.Length > 2 && fields[0] == "15" && fields[1] == name)[2];
        return new TestCluster(name, port);
    }

    /// <summary>The superuser, who is bound by no row-level security (to read every town's rows).</summary>
    public string SuperuserConnectionString(string database) =>
        $"Host={TestEnvironment.PgHost};Port={Port};Database={database};Username=postgres;Password={SuperuserPassword};Include Error Detail=true";

    /// <summary>psql as the postgres user over the cluster's socket; returns what it printed, trimmed.</summary>
    public async Task<string> SqlAsync(string sql, string database = "postgres") =>
        (await MustRun("runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-p", Port, "-d", database, "-c", sql)).Trim();

    /// <summary>Runs a deploy/backup script for this cluster, its backups under <paramref name="backupRoot"/>.</summary>
    public Task<(int ExitCode, string Output, string Error)> BackupScriptAsync(string script, string backupRoot, params string[] arguments) =>
        Processes.RunAsync("env", "/", [$"PG_CLUSTER={Name}", $"SS_BACKUP_ROOT={backupRoot}", "bash",
            Path.Combine(ServiceProcess.RepositoryRoot(), "deploy", "backup", script), .. arguments]);

    public async ValueTask DisposeAsync()
    {
        Npgsql.NpgsqlConnection.ClearAllPools();
        await Processes.RunAsync("pg_dropcluster", "/", "--stop", "15", Name);
    }

    private static async Task<string> MustRun(string program, params string[] arguments)
    {
        var (exitCode, output, error) = await Processes.RunAsync(program, "/", arguments);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {exitCode}:\n{output}\n{error}");
        }
        return output;
    }
}
