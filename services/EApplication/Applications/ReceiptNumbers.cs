using System.Collections.Concurrent;
using SharedServices.EventStore;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace SharedServices.EApplication.Applications;

/// <summary>
/// Receipt numbers (受付番号) unique per town and year: <c>{code}-{year}-{sequence:000000}</c>, e.g.
/// <c>063614-2026-000042</c>. One counter row per town and year, moved on by a single statement in its
/// own short transaction, so concurrent submissions never wait on each other's commits.
/// <para>
/// That row is the hottest in the service: every submission of a town in a year would update it. So
/// the submissions waiting for a number at the same moment share one update: the first asks the
/// database for one number; those that arrive while it is on its way are served together by the next
/// update, which takes as many numbers as they are (<c>last = last + n</c>). When it is quiet that is
/// one number per update, as before; under load one update serves dozens. Nothing is reserved ahead of
/// demand, so a restart leaves no gap; as with a database sequence, a submission that fails after
/// taking its number leaves one. Numbers are never given twice, across instances too: the row decides.
/// </para>
/// </summary>
public sealed class ReceiptNumbers(TownDataSources databases)
{
    public const string TableName = "ea_receipt_counters";

    private readonly ConcurrentDictionary<(string TenantId, int Year), Counter> counters = new();

    /// <summary>The counter table, created with the event store's schema by the owner role.</summary>
    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName("public", TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn<int>("year").AsPrimaryKey();
        table.AddColumn<long>("last").NotNull();
        return table;
    }

    /// <remarks>
    /// Cancelling stops the wait, not the number: one already being taken for this caller is used up
    /// (a gap), exactly as if the submission had failed after taking it.
    /// </remarks>
    public async Task<string> NextAsync(string tenantId, int year, CancellationToken cancellationToken)
    {
        var counter = counters.GetOrAdd((tenantId, year), key => new Counter(this, key.TenantId, key.Year));
        var sequence = await counter.NextAsync().WaitAsync(cancellationToken);
        return $"{tenantId}-{year}-{sequence:000000}";
    }

    /// <summary>Takes <paramref name="count"/> numbers at once: the last of them.</summary>
    private async Task<long> TakeAsync(string tenantId, int year, int count)
    {
        await using var command = databases.For(tenantId).CreateCommand($"""
            insert into public.{TableName} as c (tenant_id, year, last) values ($1, $2, $3)
            on conflict (tenant_id, year) do update set last = c.last + excluded.last
            returning last
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = year });
        command.Parameters.Add(new() { Value = (long)count });
        return (long)(await command.ExecuteScalarAsync(CancellationToken.None))!;
    }

    /// <summary>One town's year: the callers waiting for a number, and whether an update is on its way.</summary>
    private sealed class Counter(ReceiptNumbers owner, string tenantId, int year)
    {
        private readonly Lock gate = new();
        private List<TaskCompletionSource<long>> waiting = [];
        private bool taking;

        public Task<long> NextAsync()
        {
            var waiter = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (gate)
            {
                waiting.Add(waiter);
                if (taking)
                {
                    return waiter.Task;
                }
                taking = true;
            }
            _ = TakeForWaitingAsync();
            return waiter.Task;
        }

        /// <summary>Serves everyone waiting, one update per group, until nobody is.</summary>
        private async Task TakeForWaitingAsync()
        {
            while (true)
            {
                List<TaskCompletionSource<long>> group;
                lock (gate)
                {
                    if (waiting.Count == 0)
                    {
                        taking = false;
                        return;
                    }
                    (group, waiting) = (waiting, []);
                }
                try
                {
                    var last = await owner.TakeAsync(tenantId, year, group.Count);
                    var first = last - group.Count + 1;
                    for (var i = 0; i < group.Count; i++)
                    {
                        group[i].TrySetResult(first + i);
                    }
                }
                catch (Exception failure)
                {
                    // The database said no (or is away): this group's submissions fail with it and are not
                    // stored; the next group tries again.
                    foreach (var waiter in group)
                    {
                        waiter.TrySetException(failure);
                    }
                }
            }
        }
    }
}
