using Npgsql;

namespace SharedServices.Testing;

/// <summary>
/// A fresh PostgreSQL database for one fixture, owned by the owner role and usable by the runtime
/// role, exactly as deploy/local/infra-up.sh prepares the real ones. Dropped on dispose.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _port;

    private TestDatabase(string name, string? port = null)
    {
        Name = name;
        _port = port ?? TestEnvironment.PgPort;
    }

    public string Name { get; }

    public string AppConnectionString => ConnectionString(Name, TestEnvironment.AppUser, TestEnvironment.AppPassword);

    public string RelayConnectionString => ConnectionString(Name, TestEnvironment.RelayUser, TestEnvironment.RelayPassword);

    public string OwnerConnectionString => ConnectionString(Name, TestEnvironment.OwnerUser, TestEnvironment.OwnerPassword);

    /// <summary>A new database on the shared server, or on <paramref name="cluster"/> when one is given.</summary>
    public static async Task<TestDatabase> CreateAsync(string purpose, TestCluster? cluster = null)
    {
        var database = new TestDatabase($"sst_{purpose}_{Guid.NewGuid():N}"[..40].ToLowerInvariant(), cluster?.Port);
        await using var connection = new NpgsqlConnection(database.ConnectionString("postgres", TestEnvironment.OwnerUser, TestEnvironment.OwnerPassword));
        await connection.OpenAsync();
        await Execute(connection, $"CREATE DATABASE {database.Name}");
        await Execute(connection, $"GRANT CONNECT, TEMPORARY ON DATABASE {database.Name} TO {TestEnvironment.AppUser}");
        await Execute(connection, $"GRANT CONNECT ON DATABASE {database.Name} TO {TestEnvironment.RelayUser}");
        return database;
    }

    /// <summary>Runs SQL as the runtime role, with the row-level security tenant setting given (or none).</summary>
    public async Task<List<T>> QueryAsAppAsync<T>(string sql, string? tenantSetting = null)
    {
        await using var connection = new NpgsqlConnection(AppConnectionString);
        await connection.OpenAsync();
        if (tenantSetting is not null)
        {
            await using var set = new NpgsqlCommand("select set_config('app.tenant_id', @t, false)", connection);
            set.Parameters.AddWithValue("t", tenantSetting);
            await set.ExecuteNonQueryAsync();
        }
        await using var command = new NpgsqlCommand(sql, connection);
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<T>();
        while (await reader.ReadAsync())
        {
            rows.Add(reader.GetFieldValue<T>(0));
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(ConnectionString("postgres", TestEnvironment.OwnerUser, TestEnvironment.OwnerPassword));
        await connection.OpenAsync();
        await Execute(connection, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)");
    }

    /// <summary>This database as it is on another cluster (e.g. one restored from a backup of this one's).</summary>
    public TestDatabase On(TestCluster cluster) => new(Name, cluster.Port);

    private string ConnectionString(string database, string user, string password) =>
        $"Host={TestEnvironment.PgHost};Port={_port};Database={database};Username={user};Password={password};Include Error Detail=true";

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
