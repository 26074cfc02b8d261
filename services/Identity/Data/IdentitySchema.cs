using Microsoft.EntityFrameworkCore;

namespace SharedServices.Identity.Data;

/// <summary>
/// Creates the tables at start-up, before the seed, before the event store's schema and before
/// Kestrel listens. EnsureCreated makes nothing once any table exists, so a database made by an
/// older version of the service is named here instead of failing later; EF Core migrations, run by
/// the owner role, replace this with the next change of an existing table.
/// </summary>
internal sealed class IdentitySchema(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<IdentityDatabase>().Database;
        if (await database.EnsureCreatedAsync(cancellationToken))
        {
            return;
        }
        var expected = scope.ServiceProvider.GetRequiredService<IdentityDatabase>().Model.GetEntityTypes()
            .Select(e => e.GetTableName()).OfType<string>().Distinct().ToList();
        var existing = await database.SqlQuery<string>(
                $"select table_name::text as \"Value\" from information_schema.tables where table_schema = 'public'")
            .ToListAsync(cancellationToken);
        var missing = expected.Except(existing).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The identity database lacks the table(s) {string.Join(", ", missing)}: it was made by an older version of this " +
                "service, and EnsureCreated adds nothing to a database that has tables. In Development, drop it " +
                "(dropdb ss_identity as ss_owner) and run deploy/local/infra-up.sh, which makes it again.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
