using System.Collections.Concurrent;
using System.Diagnostics;

namespace SharedServices.Benchmarks;

/// <summary>
/// Counts the commands Npgsql sends from this process while it listens (its "Npgsql" activity source:
/// one activity per command or batch, so about one round trip each; transaction ends are not counted),
/// by statement text. Listening costs some CPU, so it is used only when asked for (<c>--statements</c>).
/// </summary>
internal sealed class DatabaseCommands : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly ConcurrentDictionary<string, int> _byStatement = new();
    private int _total;

    public DatabaseCommands()
    {
        _listener = new()
        {
            ShouldListenTo = source => source.Name == "Npgsql",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                Interlocked.Increment(ref _total);
                var text = (activity.GetTagItem("db.query.text") ?? activity.GetTagItem("db.statement")) as string ?? activity.DisplayName;
                var key = string.Join(' ', text.Split((char[])['\n', '\r', '\t', ' '], StringSplitOptions.RemoveEmptyEntries));
                _byStatement.AddOrUpdate(key.Length > 150 ? key[..150] + "…" : key, 1, (_, n) => n + 1);
            },
        };
        ActivitySource.AddActivityListener(_listener);
    }

    public int Total => _total;

    public void Reset()
    {
        Interlocked.Exchange(ref _total, 0);
        _byStatement.Clear();
    }

    /// <summary>The statements sent, most frequent first, as commands per <paramref name="operations"/>.</summary>
    public void Print(int operations, string what, int top = 20)
    {
        Console.WriteLine($"   PostgreSQL commands sent by this process: {(double)Total / Math.Max(operations, 1):0.00} per {what} ({Total:N0} for {operations:N0}); most frequent:");
        foreach (var (statement, count) in _byStatement.OrderByDescending(s => s.Value).Take(top))
        {
            Console.WriteLine($"     {(double)count / Math.Max(operations, 1),6:0.00}  {statement}");
        }
    }

    public void Dispose() => _listener.Dispose();
}
