using System.Globalization;
using Microsoft.Extensions.Logging;

namespace SharedServices.Testing;

/// <summary>
/// Diagnostics for a test run: with <c>SS_TEST_LOG=/tmp/sslog</c> set, every log line (Information and up) of each
/// <see cref="ServiceHost{TMarker}"/> is appended to <c>/tmp/sslog.{service assembly}</c>. Off by default. It found
/// why the e-application relay once stopped mid-run (two instances that disagreed on a town's database).
/// </summary>
public sealed class FileLog(string path) : ILoggerProvider
{
    private static readonly Lock Gate = new();

    public ILogger CreateLogger(string categoryName) => new Logger(path, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(string path, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }
            var line = string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category}: {formatter(state, exception)} {exception}\n");
            lock (Gate)
            {
                File.AppendAllText(path, line);
            }
        }
    }
}
