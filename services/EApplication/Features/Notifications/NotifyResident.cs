using Marten;
using MassTransit;
using SharedServices.Contracts.EApplication;
using SharedServices.EApplication.Applications;
using SharedServices.Mail;
using SharedServices.Messaging;

namespace SharedServices.EApplication.Features.Notifications;

/// <summary>
/// Mails the resident about their online application, from the service's own integration events (which
/// carry no address: it is read from the application, in the town of the message's tenant header).
/// Counter applications (窓口) have no address and get no mail. The mail goes out inside the inbox's
/// transaction: the SMTP server down, the consumer throws, nothing commits and MassTransit retries
/// (then the message waits in the <c>_error</c> queue), so no mail is lost; a crash between the
/// mail and the commit may send one twice, which is the better mistake.
/// </summary>
public static class NotifyResident
{
    public static void AddResidentNotifications(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<MailReceipt>();
        bus.AddConsumer<MailReturned>();
    }

    /// <summary>受付完了メール, once per submission (not again for a corrected one).</summary>
    public sealed class MailReceipt(IDocumentStore store, ResidentMails mails, MailSender sender, ILogger<MailReceipt> logger)
        : IdempotentConsumer<ApplicationSubmitted>(store, logger)
    {
        protected override async Task HandleAsync(ConsumeContext<ApplicationSubmitted> context, IDocumentSession session)
        {
            var ct = context.CancellationToken;
            if (await ApplicationOf(session, context.Message.ApplicationId, ct) is { ContactEmail: { } to } application)
            {
                await sender.SendAsync(await mails.ReceiptAsync(session, application, to, ct), ct);
            }
        }
    }

    /// <summary>差戻し: tells the resident to correct it, unless they already have.</summary>
    public sealed class MailReturned(IDocumentStore store, ResidentMails mails, MailSender sender, ILogger<MailReturned> logger)
        : IdempotentConsumer<ApplicationReturned>(store, logger)
    {
        protected override async Task HandleAsync(ConsumeContext<ApplicationReturned> context, IDocumentSession session)
        {
            var ct = context.CancellationToken;
            if (await ApplicationOf(session, context.Message.ApplicationId, ct) is { ContactEmail: { } to, Status: ApplicationStatus.Returned } application)
            {
                await sender.SendAsync(await mails.ReturnedAsync(session, application, to, ct), ct);
            }
        }
    }

    /// <summary>The application, unless its personal data is gone (a message redelivered long after).</summary>
    private static async Task<Application?> ApplicationOf(IQuerySession session, string id, CancellationToken ct) =>
        await session.LoadAsync<Application>(id, ct) is { ErasedAt: null } application
            ? application
            : null;
}
