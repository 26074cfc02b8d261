using Npgsql;
using SharedServices.EventStore;

namespace SharedServices.Identity.Data;

/// <summary>
/// The identity service's start-up work that writes spans several hosted services: the migrations, the
/// platform clients, the demo seed and the first operator. Instances starting at once do all of it one after
/// another (<see cref="StartupLock"/>): <see cref="Take"/>, registered before the migrations, waits for the
/// turn; <see cref="Give"/>, registered after the first operator, ends it.
/// </summary>
internal sealed class StartupTurn(string ownerConnectionString) : IAsyncDisposable
{
    private readonly string _ownerConnectionString = ownerConnectionString;
    private NpgsqlConnection? _held;

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _held, null) is { } held)
        {
            await held.DisposeAsync();
        }
    }

    public sealed class Take(StartupTurn turn) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken) =>
            turn._held = await StartupLock.TakeAsync(turn._ownerConnectionString, cancellationToken);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public sealed class Give(StartupTurn turn) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken) => await turn.DisposeAsync();

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
