using System.Net.Sockets;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SharedServices.LocalMail;

namespace SharedServices.Identity.Tests;

/// <summary>The development SMTP sink, over real TCP, driven by MailKit and by hand.</summary>
public sealed class SmtpSinkTests
{
    [Fact]
    public async Task A_message_sent_with_MailKit_arrives_parsed_with_its_envelope_and_dot_unstuffed()
    {
        await using var sink = SmtpSink.Start();
        var message = new MimeMessage { Subject = "招待のお知らせ / Invitation" };
        message.From.Add(MailboxAddress.Parse("no-reply@pref.yamagata.example"));
        message.To.Add(new MailboxAddress("金山 太郎", "admin@kaneyama.example"));
        message.Cc.Add(MailboxAddress.Parse("copy@kaneyama.example"));
        message.Body = new TextPart("plain") { Text = "こんにちは\n.a line that starts with a dot\n..and two\nend" };

        using (var client = new SmtpClient())
        {
            await client.ConnectAsync("127.0.0.1", sink.Port, SecureSocketOptions.None);
            await client.SendAsync(message);
            await client.SendAsync(message); // a second message on the same connection
            await client.DisconnectAsync(quit: true);
        }

        var received = await sink.WaitForMessagesTo("admin@kaneyama.example", 2);
        Assert.Equal(2, received.Count);
        var mail = received[0];
        Assert.Equal("no-reply@pref.yamagata.example", mail.From);
        Assert.Equal(["admin@kaneyama.example", "copy@kaneyama.example"], mail.Recipients);
        Assert.Equal("招待のお知らせ / Invitation", mail.Message.Subject);
        Assert.Equal("こんにちは\n.a line that starts with a dot\n..and two\nend", mail.Text.ReplaceLineEndings("\n").TrimEnd('\n'));
        Assert.Single(sink.MessagesTo("copy@kaneyama.example").Take(1));
        Assert.Empty(sink.MessagesTo("nobody@kaneyama.example"));
    }

    [Fact]
    public async Task Commands_out_of_order_are_refused_and_the_session_goes_on()
    {
        await using var sink = SmtpSink.Start();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync("127.0.0.1", sink.Port);
        var stream = tcp.GetStream();
        using var reader = new StreamReader(stream, Encoding.ASCII);
        Assert.StartsWith("220 ", await reader.ReadLineAsync(), StringComparison.Ordinal);

        async Task<string> Say(string line)
        {
            await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"));
            string reply;
            do
            {
                reply = (await reader.ReadLineAsync())!;
            }
            while (reply.Length > 3 && reply[3] == '-'); // multi-line replies: keep the last line
            return reply;
        }

        Assert.StartsWith("503", await Say("MAIL FROM:<a@b.example>"), StringComparison.Ordinal); // no HELO yet
        Assert.StartsWith("250", await Say("HELO test"), StringComparison.Ordinal);
        Assert.StartsWith("503", await Say("RCPT TO:<c@d.example>"), StringComparison.Ordinal); // no MAIL yet
        Assert.StartsWith("503", await Say("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("502", await Say("VRFY someone"), StringComparison.Ordinal);
        Assert.StartsWith("501", await Say("MAIL"), StringComparison.Ordinal);
        Assert.StartsWith("250", await Say("NOOP"), StringComparison.Ordinal);
        Assert.StartsWith("250", await Say("MAIL FROM:<a@b.example>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await Say("RCPT TO:<c@d.example>"), StringComparison.Ordinal);
        Assert.StartsWith("250", await Say("RSET"), StringComparison.Ordinal);
        Assert.StartsWith("503", await Say("DATA"), StringComparison.Ordinal); // RSET forgot the recipients
        Assert.StartsWith("250", await Say("MAIL FROM:<>"), StringComparison.Ordinal); // the null sender
        Assert.StartsWith("250", await Say("RCPT TO:<c@d.example>"), StringComparison.Ordinal);
        Assert.StartsWith("354", await Say("DATA"), StringComparison.Ordinal);
        Assert.StartsWith("250", await Say("Subject: by hand\r\n\r\n..one dot left\r\n."), StringComparison.Ordinal);
        Assert.StartsWith("221", await Say("QUIT"), StringComparison.Ordinal);

        var mail = await sink.WaitForMessageTo("c@d.example");
        Assert.Equal("", mail.From);
        Assert.Equal("by hand", mail.Message.Subject);
        Assert.Equal(".one dot left", mail.Text.TrimEnd());
    }
}
