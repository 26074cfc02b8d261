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

        // Another instance starting at the same time migrates first, or after this one (StartupLock).
        await using var connection = await StartupLock.TakeAsync(settings.OwnerConnectionString, cancellationToken);
        using (var ownerStore = DocumentStore.For(options =>
        {
            settings.Configure(options);
            options.Connection(settings.OwnerConnectionString);
            options.AutoCreateSchemaObjects = JasperFx.AutoCreate.CreateOrUpdate;
        }))
        {
            await ownerStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        }

        var runtime = Quote(UserOf(settings.ConnectionString));
        var relay = Quote(UserOf(settings.RelayConnectionString));
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
        logger.LogInformation("Marten schema {Schema} is up to date; roles {Runtime} and {Relay} granted", settings.Schema, runtime, relay);
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
