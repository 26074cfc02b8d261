using Marten;
using MassTransit;
using SharedServices.Contracts.EApplication;
using SharedServices.EApplication.Procedures;
using SharedServices.EventStore;
using SharedServices.Messaging;
using SharedServices.Tenancy;

namespace SharedServices.EApplication.Features.Templates;

/// <summary>
/// A new template version is offered to every town subscribed to the template (the subscriptions are
/// kept in the prefecture's tenant): each town's procedure gets <see cref="TemplateUpdateOffered"/>
/// and its staff see the difference and decide. Offering twice is harmless (the procedure keeps the
/// newest offer), so a redelivery after a partial fan-out only completes it.
/// </summary>
public sealed class OfferTemplateUpdate(IDocumentStore documents, ILogger<OfferTemplateUpdate> log)
    : IdempotentConsumer<FormTemplatePublished>(documents, log)
{
    private readonly IDocumentStore _store = documents;
    private readonly ILogger _logger = log;

    protected override async Task HandleAsync(ConsumeContext<FormTemplatePublished> context, IDocumentSession session)
    {
        var published = context.Message;
        var towns = await session.Query<TemplateSubscription>()
            .Where(s => s.TemplateKey == published.TemplateKey)
            .Select(s => s.TownCode)
            .ToListAsync(context.CancellationToken);
        foreach (var town in towns)
        {
            using var scope = CurrentTenant.Change(town, _logger);
            await using var townSession = _store.OpenTenantSession();
            if (await townSession.LoadAsync<Procedure>(published.TemplateKey, context.CancellationToken) is not { TemplateKey: not null })
            {
                continue; // subscribed, but the adoption itself never committed
            }
            townSession.Events.Append(published.TemplateKey, new TemplateUpdateOffered(published.Version, DateTimeOffset.UtcNow));
            await townSession.SaveChangesAsync(context.CancellationToken);
        }
    }
}
