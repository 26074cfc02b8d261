using System.Net.Sockets;
using System.Text;
using MimeKit;

namespace SharedServices.LocalMail;

/// <summary>
/// One SMTP connection (RFC 5321, the subset a mail client uses): greeting, EHLO/HELO, MAIL FROM,
/// RCPT TO, DATA (dot-unstuffed, one message per DATA), RSET, NOOP, QUIT. Anything else is 502.
/// Commands are read one line at a time from a buffered stream, so pipelined commands work too.
/// </summary>
internal sealed class SmtpSession(TcpClient client, SmtpSink sink)
{
    public const int MaxMessageBytes = 10 * 1024 * 1024;
    private const int MaxLineBytes = 64 * 1024;
    private const int MaxRecipients = 100;
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(5);

    private readonly List<string> _recipients = [];
    private string? _greeted;
    private string? _from;

    public async Task RunAsync(CancellationToken stop)
    {
        using var _ = client;
        try
        {
            var stream = client.GetStream();
            var reader = new LineReader(stream);
            await Reply(stream, "220 localhost SharedServices SMTP sink ready", stop);
            while (!stop.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(stop);
                idle.CancelAfter(IdleTimeout);
                var line = await reader.ReadLineAsync(MaxLineBytes, idle.Token);
                if (line is null)
                {
                    return; // the client went away
                }
                var reply = await HandleAsync(Encoding.UTF8.GetString(line), reader, stream, idle.Token);
                await Reply(stream, reply, stop);
                if (reply.StartsWith("221", StringComparison.Ordinal))
                {
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // Connection dropped, timed out or the sink stopped: nothing to keep.
        }
    }

    private async Task<string> HandleAsync(string line, LineReader reader, Stream stream, CancellationToken cancellationToken)
    {
        var space = line.IndexOf(' ', StringComparison.Ordinal);
        var verb = (space < 0 ? line : line[..space]).ToUpperInvariant();
        var argument = space < 0 ? "" : line[(space + 1)..].Trim();
        switch (verb)
        {
            case "EHLO":
                _greeted = argument;
                Reset();
                return $"250-localhost greets {argument}\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250-PIPELINING\r\n250 SIZE {MaxMessageBytes}";
            case "HELO":
                _greeted = argument;
                Reset();
                return "250 localhost";
            case "MAIL":
                if (_greeted is null)
                {
                    return "503 Send EHLO or HELO first";
                }
                if (Path(argument, "FROM:") is not { } from)
                {
                    return "501 Syntax: MAIL FROM:<address>";
                }
                Reset();
                _from = from;
                return "250 OK";
            case "RCPT":
                if (_from is null)
                {
                    return "503 Send MAIL FROM first";
                }
                if (Path(argument, "TO:") is not { Length: > 0 } to)
                {
                    return "501 Syntax: RCPT TO:<address>";
                }
                if (_recipients.Count >= MaxRecipients)
                {
                    return "452 Too many recipients";
                }
                _recipients.Add(to);
                return "250 OK";
            case "DATA":
                if (_recipients.Count == 0)
                {
                    return "503 Send RCPT TO first";
                }
                await Reply(stream, "354 End data with <CR><LF>.<CR><LF>", cancellationToken);
                return await ReceiveAsync(reader, cancellationToken);
            case "RSET":
                Reset();
                return "250 OK";
            case "NOOP":
                return "250 OK";
            case "QUIT":
                return "221 Bye";
            case "":
                return "500 Empty command";
            default:
                return "502 Command not implemented";
        }
    }

    private async Task<string> ReceiveAsync(LineReader reader, CancellationToken cancellationToken)
    {
        using var content = new MemoryStream();
        var tooLarge = false;
        while (true)
        {
            var line = await reader.ReadLineAsync(MaxLineBytes, cancellationToken)
                ?? throw new IOException("The connection closed in the middle of DATA.");
            if (line is [(byte)'.'])
            {
                break;
            }
            // Dot-unstuffing (RFC 5321 4.5.2): a line the client began with an extra "." loses it.
            var text = line is [(byte)'.', ..] ? line.AsSpan(1) : line;
            if (content.Length + text.Length + 2 > MaxMessageBytes)
            {
                tooLarge = true; // read on to the end, then refuse
                continue;
            }
            content.Write(text);
            content.Write("\r\n"u8);
        }

        var (from, recipients) = (_from!, _recipients.ToList());
        Reset();
        if (tooLarge)
        {
            return $"552 Message larger than {MaxMessageBytes} bytes";
        }
        content.Position = 0;
        MimeMessage message;
        try
        {
            message = await MimeMessage.LoadAsync(content, cancellationToken);
        }
        catch (FormatException)
        {
            return "554 The message could not be parsed";
        }
        sink.Keep(new ReceivedMail(from, recipients, message, DateTimeOffset.UtcNow));
        return "250 OK: message kept";
    }

    private void Reset()
    {
        _from = null;
        _recipients.Clear();
    }

    /// <summary>The address of <c>FROM:&lt;a@b&gt; [parameters]</c>; "" for the null sender, null when malformed.</summary>
    private static string? Path(string argument, string keyword)
    {
        if (!argument.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var rest = argument[keyword.Length..].TrimStart();
        if (rest.StartsWith('<'))
        {
            var end = rest.IndexOf('>', StringComparison.Ordinal);
            return end < 0 ? null : rest[1..end];
        }
        var token = rest.Split(' ', 2)[0];
        return token.Length == 0 ? null : token;
    }

    private static async Task Reply(Stream stream, string reply, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\r\n"), cancellationToken);
        await stream.FlushAsync(cancellationToken);
    }

    /// <summary>Reads CRLF- (or LF-) terminated lines as bytes: message content is not necessarily UTF-8.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        /// <summary>The next line without its terminator, or null at the end of the stream.</summary>
        public async Task<byte[]?> ReadLineAsync(int maxBytes, CancellationToken cancellationToken)
        {
            using var line = new MemoryStream();
            while (true)
            {
                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    line.Write(_buffer, _start, newline - _start);
                    _start = newline + 1;
                    var bytes = line.ToArray();
                    return bytes is [.., (byte)'\r'] ? bytes[..^1] : bytes;
                }
                line.Write(_buffer, _start, _end - _start);
                if (line.Length > maxBytes)
                {
                    throw new IOException($"A line longer than {maxBytes} bytes.");
                }
                _start = 0;
                _end = await stream.ReadAsync(_buffer, cancellationToken);
                if (_end == 0)
                {
                    return null;
                }
            }
        }
    }
}
