using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using MimeKit;
using SharedServices.LocalMail;
using SharedServices.Mail;

namespace SharedServices.Identity.Tests;

/// <summary>The shared mail sender over real SMTP (the development sink): its kept connections.</summary>
public sealed class MailSenderTests
{
    [Fact]
    public async Task A_kept_connection_the_server_has_closed_is_replaced_and_the_mail_still_arrives()
    {
        var first = SmtpSink.Start();
        var port = first.Port;
        using var sender = new MailSender(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Smtp:Host"] = "127.0.0.1", ["Smtp:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Smtp:From"] = "no-reply@pref.yamagata.example",
        }).Build(), NullLogger<MailSender>.Instance);

        await sender.SendAsync(Mail("1"), CancellationToken.None);
        await sender.SendAsync(Mail("2"), CancellationToken.None); // on the connection kept from the first
        Assert.Equal(["1", "2"], (await first.WaitForMessagesTo("resident@kaneyama.example", 2)).Select(m => m.Message.Subject));

        // The server goes away and comes back (a restart): the kept connection is dead.
        await first.DisposeAsync();
        await using var second = SmtpSink.Start(port);
        await sender.SendAsync(Mail("3"), CancellationToken.None);

        Assert.Equal("3", (await second.WaitForMessageTo("resident@kaneyama.example")).Message.Subject);
    }

    private static MimeMessage Mail(string subject)
    {
        var message = new MimeMessage { Subject = subject };
        message.To.Add(MailboxAddress.Parse("resident@kaneyama.example"));
        message.Body = new TextPart("plain") { Text = "受付番号のお知らせ" };
        return message;
    }
}
