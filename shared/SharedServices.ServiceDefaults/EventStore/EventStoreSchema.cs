using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SharedServices.EventStore;

/// <summary>
/// Creates and migrates the service's Marten schema with the owner role, then grants the runtime
/// and relay roles (which own nothing, so PostgreSQL row-level security binds them) what they need,
/// and puts row-level security on the event tables. Runs once at start-up, before the async daemon
/// and before the first request.
/// </summary>
internal sealed class EventStoreSchema(
    EventStoreSettings settings,
    ILogger<EventStoreSchema> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (settings.OwnerConnectionString is null)
        {
            logger.LogInformation("No owner connection string: the Marten schema is expected to exist already");
            return;
        }
        // The shared database, then each town's own (EventStore:OwnDatabases): the same schema in each.
        foreach (var database in settings.Databases)
        {
            await MigrateAsync(database, cancellationToken);
        }
        foreach (var town in settings.OwnDatabases.Keys)
        {
            await RefuseIfInSharedDatabaseAsync(town, cancellationToken);
        }
    }

    /// <summary>
    /// A town listed with a database of its own after it already had data in the shared one would find
    /// its data gone (it is read from the new database only): the service refuses to start instead.
    /// </summary>
    private async Task RefuseIfInSharedDatabaseAsync(string town, CancellationToken ct)
    {
        if (await TenantData.FirstTableWithRowsAsync(settings.OwnerConnectionString!, town, ct) is { } table)
        {
            throw new InvalidOperationException(
                $"Town {town} is listed under {OwnDatabases.Section} but already has data in the shared database ({table}). " +
                "Its data would not be seen from its own database: move it there first, or remove the setting.");
        }
    }

    private async Task MigrateAsync(DatabaseConnections database, CancellationToken cancellationToken)
    {
        // Another instance starting at the same time migrates first, or after this one (StartupLock).
        await using var connection = await StartupLock.TakeAsync(database.Owner!, cancellationToken);
        using (var ownerStore = DocumentStore.For(options =>
        {
            settings.Configure(options);
            options.Connection(database.Owner!);
            options.AutoCreateSchemaObjects = JasperFx.AutoCreate.CreateOrUpdate;
        }))
        {
            await ownerStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        }

        var runtime = Quote(UserOf(database.Runtime));
        var relay = Quote(UserOf(database.Relay));
        var schema = Quote(settings.Schema);
        await using var grant = new NpgsqlCommand($"""
            GRANT USAGE ON SCHEMA {schema} TO {runtime}, {relay};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {runtime}, {relay};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {runtime}, {relay};
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {runtime}, {relay};
            {EventTablePolicies(schema, "mt_events", relay)}
            {EventTablePolicies(schema, "mt_streams", relay)}
            """, connection);
        await grant.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Marten schema {Schema} in {Database} is up to date; roles {Runtime} and {Relay} granted",
            settings.Schema, OwnDatabases.Describe(database.Owner!), runtime, relay);
    }

    /// <summary>
    /// Marten 9 puts row-level security on conjoined document tables only; the event tables get the
    /// same rule here: a connection sees and writes the rows of the town its session set, and only
    /// the relay role, which runs the daemon, reads across towns.
    /// </summary>
    private static string EventTablePolicies(string schema, string table, string relay) => $"""
        ALTER TABLE {schema}.{table} ENABLE ROW LEVEL SECURITY;
        ALTER TABLE {schema}.{table} FORCE ROW LEVEL SECURITY;
        DROP POLICY IF EXISTS ss_tenant_isolation ON {schema}.{table};
        CREATE POLICY ss_tenant_isolation ON {schema}.{table}
            USING (tenant_id = (select current_setting('{EventStoreExtensions.RlsSetting}', true)));
        DROP POLICY IF EXISTS ss_event_relay ON {schema}.{table};
        CREATE POLICY ss_event_relay ON {schema}.{table} FOR SELECT TO {relay} USING (true);
        """;

    private static string UserOf(string connectionString) =>
        new NpgsqlConnectionStringBuilder(connectionString).Username
            ?? throw new InvalidOperationException("A connection string names no user.");

    private static string Quote(string identifier) => new NpgsqlCommandBuilder().QuoteIdentifier(identifier);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
