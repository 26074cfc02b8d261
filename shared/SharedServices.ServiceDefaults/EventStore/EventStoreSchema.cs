using Marten;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace SharedServices.EventStore;

/// <summary>
/// Creates and migrates the service's Marten schema with the owner role, then grants the runtime
/// role (which owns nothing, so PostgreSQL row-level security binds it) what it needs to read and
/// write. Runs once at start-up, before the async daemon and before the first request.
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

        using (var ownerStore = DocumentStore.For(options =>
        {
            settings.Configure(options);
            options.Connection(settings.OwnerConnectionString);
            options.AutoCreateSchemaObjects = JasperFx.AutoCreate.CreateOrUpdate;
        }))
        {
            await ownerStore.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        }

        var runtimeRole = new NpgsqlConnectionStringBuilder(settings.ConnectionString).Username
            ?? throw new InvalidOperationException("The runtime connection string names no user.");
        await using var connection = new NpgsqlConnection(settings.OwnerConnectionString);
        await connection.OpenAsync(cancellationToken);
        var role = new NpgsqlCommandBuilder().QuoteIdentifier(runtimeRole);
        var schema = new NpgsqlCommandBuilder().QuoteIdentifier(settings.Schema);
        await using var grant = new NpgsqlCommand($"""
            GRANT USAGE ON SCHEMA {schema} TO {role};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {role};
            GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA {schema} TO {role};
            """, connection);
        await grant.ExecuteNonQueryAsync(cancellationToken);
        logger.LogInformation("Marten schema {Schema} is up to date; runtime role {Role} granted", settings.Schema, runtimeRole);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
