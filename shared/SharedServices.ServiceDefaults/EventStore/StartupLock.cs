using Npgsql;

namespace SharedServices.EventStore;

/// <summary>
/// Instances of a service that start at once (a rollout, a scale-up) take turns at the start-up work that
/// changes the database: side by side, two Marten migrations create the same function at the same moment and
/// one fails on pg_proc's unique key; two identity seeds update the same OpenIddict client and one fails on
/// its concurrency token. The turn is a PostgreSQL session advisory lock (per database) on a connection of
/// its own: held until that connection is disposed, and freed with it if the instance dies.
/// </summary>
public static class StartupLock
{
    private const long Key = 0x53_53_53_55; // "SSSU": SharedServices start-up

    /// <summary>Waits for this instance's turn; dispose the connection to end it.</summary>
    public static async Task<NpgsqlConnection> TakeAsync(string connectionString, CancellationToken cancellationToken)
    {
        // Not pooled: a pooled connection, disposed, would keep its session (and the lock) open in the pool.
        var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand($"select pg_advisory_lock({Key})", connection);
            // Another instance's migration can take a while: wait as long as it does.
            command.CommandTimeout = 0;
            await command.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }
}
