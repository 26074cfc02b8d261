using System.Net;
using System.Net.Sockets;
using MimeKit;

namespace SharedServices.LocalMail;

/// <summary>A message as the sink received it: the envelope (MAIL FROM, RCPT TO) and the parsed message.</summary>
public sealed record ReceivedMail(string From, IReadOnlyList<string> Recipients, MimeMessage Message, DateTimeOffset ReceivedAt)
{
    /// <summary>The plain-text body (the first text/plain part), or "".</summary>
    public string Text => Message.TextBody ?? "";

    public bool IsTo(string address) =>
        Recipients.Any(r => string.Equals(r, address, StringComparison.OrdinalIgnoreCase));
}

/// <summary>
/// An SMTP server for development and tests that delivers nowhere: it accepts every message (the
/// RFC 5321 subset a mail client needs, see <see cref="SmtpSession"/>) and keeps it in memory, so a
/// test can wait for the mail a service sends and follow its link. Loopback only; no TLS, no AUTH.
/// </summary>
public sealed class SmtpSink : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<ReceivedMail> _messages = [];
    private readonly List<Task> _sessions = [];
    private TaskCompletionSource _arrived = NewSignal();
    private Task _accepting = Task.CompletedTask;

    private SmtpSink(IPAddress address, int port) => _listener = new TcpListener(address, port);

    /// <summary>Called for each message as it arrives (on the connection's thread); the program writes it to a file.</summary>
    public event Action<ReceivedMail>? Received;

    /// <summary>The port it listens on (the one given, or the free one picked for port 0).</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>Every message so far, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> Messages
    {
        get { lock (_gate) { return [.. _messages]; } }
    }

    /// <summary>Listens on <paramref name="address"/> (loopback by default) and <paramref name="port"/> (0: any free one).</summary>
    public static SmtpSink Start(int port = 0, IPAddress? address = null)
    {
        var sink = new SmtpSink(address ?? IPAddress.Loopback, port);
        sink._listener.Start();
        sink._accepting = sink.AcceptAsync();
        return sink;
    }

    public IReadOnlyList<ReceivedMail> MessagesTo(string address) => [.. Messages.Where(m => m.IsTo(address))];

    /// <summary>The first message to <paramref name="address"/>, as soon as there is one.</summary>
    public async Task<ReceivedMail> WaitForMessageTo(string address, TimeSpan? timeout = null) =>
        (await WaitForMessagesTo(address, 1, timeout))[0];

    /// <summary>All messages to <paramref name="address"/> once there are at least <paramref name="count"/>.</summary>
    public async Task<IReadOnlyList<ReceivedMail>> WaitForMessagesTo(string address, int count, TimeSpan? timeout = null)
    {
        using var deadline = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                arrived = _arrived.Task;
            }
            var found = MessagesTo(address);
            if (found.Count >= count)
            {
                return found;
            }
            try
            {
                await arrived.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"Gave up waiting for {count} message(s) to {address}; got {found.Count}. " +
                    $"Received so far: {string.Join("; ", Messages.Select(m => $"{string.Join(",", m.Recipients)}: {m.Message.Subject}"))}");
            }
        }
    }

    internal void Keep(ReceivedMail mail)
    {
        TaskCompletionSource arrived;
        lock (_gate)
        {
            _messages.Add(mail);
            arrived = _arrived;
            _arrived = NewSignal();
        }
        Received?.Invoke(mail);
        arrived.SetResult();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            var session = new SmtpSession(client, this).RunAsync(_stop.Token);
            lock (_gate)
            {
                _sessions.RemoveAll(s => s.IsCompleted);
                _sessions.Add(session);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        Task[] sessions;
        lock (_gate)
        {
            sessions = [.. _sessions];
        }
        await Task.WhenAll(sessions);
        _stop.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
