using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace SharedServices.Identity.Data;

/// <summary>
/// At start-up, before the seed, the event store's schema and Kestrel: the owner role applies the
/// EF Core migrations (<c>Data/Migrations</c>) to the <c>identity</c> schema, then grants the runtime
/// role the rows (not the tables: it cannot alter or drop them). As the other services, which
/// migrate their Marten schema as the owner and run as ss_app.
/// </summary>
internal sealed partial class IdentitySchema(string ownerConnectionString, string runtimeConnectionString, ILogger<IdentitySchema> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var database = IdentityDatabaseSetup.Open(ownerConnectionString);
        var pending = (await database.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        await database.Database.MigrateAsync(cancellationToken);
        if (pending.Count > 0)
        {
            LogMigrated(string.Join(", ", pending));
        }

        var runtime = Quote(new NpgsqlConnectionStringBuilder(runtimeConnectionString).Username
            ?? throw new InvalidOperationException("ConnectionStrings:Identity names no user."));
        var schema = Quote(IdentityDatabase.Schema);
        // Names, not values: they come from configuration and are quoted as identifiers.
#pragma warning disable EF1002
        await database.Database.ExecuteSqlRawAsync($"""
            GRANT USAGE ON SCHEMA {schema} TO {runtime};
            GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {runtime};
            GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA {schema} TO {runtime};
            """, cancellationToken);
#pragma warning restore EF1002
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [LoggerMessage(LogLevel.Information, "Applied identity database migrations: {Migrations}")]
    private partial void LogMigrated(string migrations);
}
