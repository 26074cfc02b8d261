using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace SharedServices.Identity.Data;

public static class IdentityDatabaseSetup
{
    /// <summary>
    /// The EF Core context on <c>ConnectionStrings:Identity</c>, with OpenIddict's entities, its schema
    /// created at start-up, the Data Protection key ring kept in it, and the readiness check pointed at it.
    /// </summary>
    public static IHostApplicationBuilder AddIdentityDatabase(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString("Identity")
            ?? throw new InvalidOperationException("ConnectionStrings:Identity is not set: the identity service keeps its accounts and tokens in PostgreSQL.");
        builder.Services.AddDbContext<IdentityDatabase>(options =>
        {
            options.UseNpgsql(connectionString);
            options.UseOpenIddict();
        });
        builder.Services.AddHostedService<IdentitySchema>();

        // One key ring for every instance, kept in this database: a cookie set by one instance is
        // read by another, and TOTP secrets protected before a restart can still be read after it.
        builder.Services.AddDataProtection()
            .SetApplicationName("SharedServices.Identity")
            .PersistKeysToDbContext<IdentityDatabase>();

        // Its database as the owner role; the event store's check ("postgresql") tries the runtime role.
        builder.Services.AddHealthChecks().AddCheck<IdentityDatabaseHealthCheck>("identity-database", tags: ["ready"]);
        return builder;
    }
}

/// <summary>Ready only when the identity database answers.</summary>
internal sealed class IdentityDatabaseHealthCheck(IdentityDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await database.Database.CanConnectAsync(cancellationToken)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("PostgreSQL does not answer.");
}
