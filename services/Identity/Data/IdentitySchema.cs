namespace SharedServices.Identity.Data;

/// <summary>
/// Creates the tables at start-up, before the seed and before Kestrel listens. EnsureCreated is
/// enough for this first slice (a fresh database, no history to migrate); it makes nothing once any
/// table exists, so the next schema change brings EF Core migrations, run by the owner role.
/// </summary>
internal sealed class IdentitySchema(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IdentityDatabase>().Database.EnsureCreatedAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
