using Microsoft.Extensions.Diagnostics.HealthChecks;
using SharedServices.EventStore;

namespace SharedServices.Web;

/// <summary>Ready only when every database of the service (a town's own too) answers as its runtime role.</summary>
internal sealed class PostgresHealthCheck(TownDataSources databases) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            foreach (var database in databases.All)
            {
                await using var command = database.CreateCommand("select 1");
                await command.ExecuteScalarAsync(cancellationToken);
            }
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex)
        {
            return HealthCheckResult.Unhealthy("PostgreSQL does not answer.", ex);
        }
    }
}
