using System.Threading.Channels;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using MimeKit;

namespace SharedServices.Mail;

/// <summary>
/// Sends a service's mails over SMTP with MailKit: <c>Smtp:Host</c>, <c>Smtp:Port</c> (587 unless set)
/// and <c>Smtp:From</c>. Development points at the SMTP sink (deploy/SmtpSink). Read when a mail is
/// sent, so a service that sends none needs no SMTP settings. What a mail says belongs to the service.
/// </summary>
public sealed class MailSender(IConfiguration configuration, ILogger<MailSender> logger) : BackgroundService
{
    private readonly Channel<MimeMessage> _queue = Channel.CreateBounded<MimeMessage>(
        new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Sends now; throws when the server refuses or cannot be reached (a consumer retries).</summary>
    public async Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        var host = configuration["Smtp:Host"] is { Length: > 0 } configured
            ? configured
            : throw new InvalidOperationException("Smtp:Host is not set: the SMTP server this service sends its mails through.");
        var from = configuration["Smtp:From"] is { Length: > 0 } sender
            ? sender
            : throw new InvalidOperationException("Smtp:From is not set: the address this service's mails come from.");
        message.From.Clear();
        message.From.Add(MailboxAddress.Parse(from));

        // A connection kept from an earlier mail is used again (a receipt per submission would otherwise
        // cost a connect and EHLO each); one the server has since closed is replaced, once.
        if (!(_idle.TryTake(out var kept) && await SentOnKeptAsync(kept, message, cancellationToken)))
        {
            await SendOnNewAsync(host, configuration.GetValue("Smtp:Port", 587), message, cancellationToken);
        }
        logger.LogInformation("Mail \"{Subject}\" sent to {Recipients}", message.Subject, message.To.ToString());
    }

    /// <summary>False when the connection turned out closed; throws when the server refused the mail.</summary>
    private async Task<bool> SentOnKeptAsync(SmtpClient kept, MimeMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await kept.SendAsync(message, cancellationToken);
            Keep(kept);
            return true;
        }
        catch (Exception ex) when (ex is ServiceNotConnectedException or IOException or SmtpProtocolException)
        {
            kept.Dispose();
            return false;
        }
        catch
        {
            kept.Dispose();
            throw; // refused: a new connection would not change the server's mind
        }
    }

    private async Task SendOnNewAsync(string host, int port, MimeMessage message, CancellationToken cancellationToken)
    {
        var client = new SmtpClient();
        try
        {
            // Auto: TLS on connect for port 465, STARTTLS whenever the server offers it (the sink does not).
            await client.ConnectAsync(host, port, SecureSocketOptions.Auto, cancellationToken);
            await client.SendAsync(message, cancellationToken);
            Keep(client);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Idle connections, a few: as many as mails are sent at once, at most <see cref="MostIdle"/>.</summary>
    private readonly System.Collections.Concurrent.ConcurrentBag<SmtpClient> _idle = [];

    private const int MostIdle = 4;

    private void Keep(SmtpClient client)
    {
        if (client.IsConnected && _idle.Count < MostIdle)
        {
            _idle.Add(client);
        }
        else
        {
            client.Dispose();
        }
    }

    public override void Dispose()
    {
        while (_idle.TryTake(out var client))
        {
            client.Dispose();
        }
        base.Dispose();
    }

    /// <summary>
    /// Sends after the request has been answered, so how long the answer takes does not tell whether a
    /// mail was sent (the forgotten-password page answers the same for unknown accounts). Failures are
    /// logged, not retried: a mail that must not be lost is sent with <see cref="SendAsync"/> by a consumer.
    /// </summary>
    public void SendLater(MimeMessage message)
    {
        if (!_queue.Writer.TryWrite(message))
        {
            logger.LogError("The mail queue is full: \"{Subject}\" to {Recipients} was dropped", message.Subject, message.To.ToString());
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await SendAsync(message, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Mail \"{Subject}\" to {Recipients} could not be sent", message.Subject, message.To.ToString());
            }
        }
    }
}

public static class MailExtensions
{
    /// <summary>The one <see cref="MailSender"/> of the service, and its queue for <see cref="MailSender.SendLater"/>.</summary>
    public static IHostApplicationBuilder AddMailSender(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<MailSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<MailSender>());
        return builder;
    }
}
