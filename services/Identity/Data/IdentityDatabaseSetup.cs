using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SharedServices.Identity.Data;

public static class IdentityDatabaseSetup
{
    /// <summary>
    /// The EF Core context as the runtime role (<c>ConnectionStrings:Identity</c>, ss_app: reads and
    /// writes rows, owns nothing), with OpenIddict's entities, its migrations applied at start-up by
    /// the owner role (<c>ConnectionStrings:IdentityOwner</c>), the Data Protection key ring kept in
    /// it, and the readiness check pointed at it.
    /// </summary>
    public static IHostApplicationBuilder AddIdentityDatabase(this IHostApplicationBuilder builder)
    {
        var runtime = Required(builder.Configuration, "Identity", "the runtime role (ss_app) reads and writes accounts and tokens");
        var owner = Required(builder.Configuration, "IdentityOwner", "the owner role (ss_owner) applies the schema's migrations");
        builder.Services.AddDbContext<IdentityDatabase>(options => Configure(options, runtime));
        // Instances starting at once migrate and seed one after another (StartupTurn.Give follows the seeding).
        builder.Services.AddSingleton(new StartupTurn(owner));
        builder.Services.AddHostedService<StartupTurn.Take>();
        builder.Services.AddHostedService(services => new IdentitySchema(owner, runtime, services.GetRequiredService<ILogger<IdentitySchema>>()));

        // One key ring for every instance, kept in this database: a cookie set by one instance is
        // read by another, and TOTP secrets protected before a restart can still be read after it.
        builder.Services.AddDataProtection()
            .SetApplicationName("SharedServices.Identity")
            .PersistKeysToDbContext<IdentityDatabase>();

        builder.Services.AddHealthChecks().AddCheck<IdentityDatabaseHealthCheck>("identity-database", tags: ["ready"]);
        return builder;
    }

    /// <summary>The one configuration of the context, for the service, its migrations and the design-time tools.</summary>
    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder options, string connectionString) =>
        options
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("ef_migrations_history", IdentityDatabase.Schema))
            .UseOpenIddict();

    /// <summary>A context of its own on <paramref name="connectionString"/> (the owner's, for migrations).</summary>
    public static IdentityDatabase Open(string connectionString)
    {
        var options = new DbContextOptionsBuilder<IdentityDatabase>();
        Configure(options, connectionString);
        return new IdentityDatabase(options.Options);
    }

    private static string Required(IConfiguration configuration, string name, string why) =>
        configuration.GetConnectionString(name)
            ?? throw new InvalidOperationException($"ConnectionStrings:{name} is not set: {why}.");
}

/// <summary>Ready only when the identity database answers (as the runtime role).</summary>
internal sealed class IdentityDatabaseHealthCheck(IdentityDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("PostgreSQL does not answer.");
}

/// <summary>
/// For <c>dotnet ef migrations add</c> only: the model, without a server (the connection string is
/// never opened when adding a migration).
/// </summary>
internal sealed class IdentityDatabaseDesignTimeFactory : IDesignTimeDbContextFactory<IdentityDatabase>
{
    public IdentityDatabase CreateDbContext(string[] args) => IdentityDatabaseSetup.Open("Host=localhost;Database=design_time");
}
