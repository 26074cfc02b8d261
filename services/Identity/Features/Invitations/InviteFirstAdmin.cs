// Marten only for the inbox (by type name): its LINQ extensions would clash with EF Core's.
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using SharedServices.Contracts.Tenancy;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Identity.Mail;
using SharedServices.Mail;
using SharedServices.Messaging;
using SharedServices.Tenancy;

namespace SharedServices.Identity.Features.Invitations;

/// <summary>
/// A town was onboarded with a first administrator: mail them a one-time link to choose their password
/// (<c>/Account/Invitation</c>). The inbox drops a message delivered twice; an event published twice
/// (a new message id) finds the town's invitation by its unique key and sends nothing. An invitation
/// stored but not sent (the mail server failed) is sent on the retry, with a new token.
/// The link opens a page that names the town from this service's tenant registry, which another consumer
/// of the same event fills in; so this one tells the registry first, and the link never outruns the town.
/// </summary>
public sealed class InviteFirstAdmin(
    Marten.IDocumentStore store, IdentityDatabase database, AccountMails mails, MailSender sender, TenantRegistry registry,
    TimeProvider clock, ILogger<InviteFirstAdmin> logger) : IdempotentConsumer<TenantOnboarded>(store, logger)
{
    protected override async Task HandleAsync(ConsumeContext<TenantOnboarded> context, Marten.IDocumentSession session)
    {
        if (context.Message.FirstAdmin is not { } admin)
        {
            return;
        }
        var town = context.Message.Tenant;
        var cancellationToken = context.CancellationToken;
        var now = clock.GetUtcNow();
        var (token, hash) = OneTimeToken.New();

        var existing = await database.FirstAdminInvitations.AsNoTracking().SingleOrDefaultAsync(i => i.TenantCode == town.Code, cancellationToken);
        if (existing is { SentAt: not null })
        {
            logger.LogInformation("The first admin of {Code} was invited already; nothing sent", town.Code);
            return;
        }
        if (existing is null)
        {
            database.FirstAdminInvitations.Add(FirstAdminInvitation.Issue(town.Code, admin.Email, admin.DisplayName, hash, now));
            try
            {
                await database.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
            {
                logger.LogInformation("The first admin of {Code} is being invited by a concurrent delivery", town.Code);
                return;
            }
        }
        else
        {
            // Stored by an attempt whose mail did not go out: a new token, claimed by this delivery alone.
            var claimed = await database.FirstAdminInvitations
                .Where(i => i.Id == existing.Id && i.TokenHash == existing.TokenHash && i.SentAt == null)
                .ExecuteUpdateAsync(set => set
                    .SetProperty(i => i.TokenHash, hash)
                    .SetProperty(i => i.ExpiresAt, now + FirstAdminInvitation.ValidFor), cancellationToken);
            if (claimed == 0)
            {
                return;
            }
        }

        registry.Apply(TenantInfo.From(town));
        await sender.SendAsync(mails.Invitation(admin, town, token, now + FirstAdminInvitation.ValidFor), cancellationToken);
        await database.FirstAdminInvitations.Where(i => i.TenantCode == town.Code)
            .ExecuteUpdateAsync(set => set.SetProperty(i => i.SentAt, now), cancellationToken);
        logger.LogInformation("Invited the first admin of {Code} {NameJa}", town.Code, town.NameJa);
    }
}
