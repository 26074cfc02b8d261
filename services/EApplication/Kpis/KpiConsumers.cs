using JasperFx;
using Marten;
using MassTransit;
using SharedServices.Contracts.EApplication;
using SharedServices.EventStore;
using SharedServices.Messaging;

namespace SharedServices.EApplication.Kpis;

/// <summary>
/// Keeps one <see cref="ApplicationKpi"/> per application from the service's own integration events,
/// in the town of the message's tenant header. Each message counts once (the inbox). Messages of the
/// same application handled at once: the document has optimistic concurrency, so the later save fails,
/// rolls back with its inbox entry, and MassTransit's retry applies it again on the fresh document.
/// </summary>
public static class KpiConsumers
{
    public static void AddKpiConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<CountSubmitted>();
        bus.AddConsumer<CountApproved>();
        bus.AddConsumer<CountRejected>();
        bus.AddConsumer<CountReturned>();
    }

    /// <summary>
    /// The application's document, loaded for update. A missing one is created empty first, in its own
    /// transaction: creating it in the handler's would race on the id with another message of the same
    /// application, and the inbox takes an id clash for a duplicate delivery.
    /// </summary>
    internal static async Task<ApplicationKpi> FactsAsync(IDocumentSession session, string applicationId, string procedureKey, DateTimeOffset submittedAt, CancellationToken ct)
    {
        if (await session.LoadAsync<ApplicationKpi>(applicationId, ct) is not { } known)
        {
            await using (var create = session.DocumentStore.OpenTenantSession())
            {
                var empty = new ApplicationKpi { Id = applicationId };
                empty.Know(procedureKey, submittedAt);
                create.Insert(empty);
                try
                {
                    await create.SaveChangesAsync(ct);
                }
                catch (DocumentAlreadyExistsException)
                {
                    // Another message of the same application created it first.
                }
            }
            known = await session.LoadAsync<ApplicationKpi>(applicationId, ct)
                ?? throw new InvalidOperationException($"The KPI document {applicationId} was created but cannot be read back.");
        }
        known.Know(procedureKey, submittedAt);
        return known;
    }

    public sealed class CountSubmitted(IDocumentStore store, ILogger<CountSubmitted> logger) : IdempotentConsumer<ApplicationSubmitted>(store, logger)
    {
        protected override async Task HandleAsync(ConsumeContext<ApplicationSubmitted> context, IDocumentSession session)
        {
            var e = context.Message;
            var facts = await FactsAsync(session, e.ApplicationId, e.ProcedureKey, e.SubmittedAt, context.CancellationToken);
            facts.Submitted = true;
            facts.Counter = e.Channel == ApplicationChannels.Counter;
            session.Update(facts);
        }
    }

    public sealed class CountApproved(IDocumentStore store, ILogger<CountApproved> logger) : IdempotentConsumer<ApplicationApproved>(store, logger)
    {
        protected override async Task HandleAsync(ConsumeContext<ApplicationApproved> context, IDocumentSession session)
        {
            var e = context.Message;
            var facts = await FactsAsync(session, e.ApplicationId, e.ProcedureKey, e.SubmittedAt, context.CancellationToken);
            (facts.Approved, facts.DecidedAt) = (true, e.DecidedAt);
            session.Update(facts);
        }
    }

    public sealed class CountRejected(IDocumentStore store, ILogger<CountRejected> logger) : IdempotentConsumer<ApplicationRejected>(store, logger)
    {
        protected override async Task HandleAsync(ConsumeContext<ApplicationRejected> context, IDocumentSession session)
        {
            var e = context.Message;
            var facts = await FactsAsync(session, e.ApplicationId, e.ProcedureKey, e.SubmittedAt, context.CancellationToken);
            (facts.Approved, facts.DecidedAt) = (false, e.DecidedAt);
            session.Update(facts);
        }
    }

    public sealed class CountReturned(IDocumentStore store, ILogger<CountReturned> logger) : IdempotentConsumer<ApplicationReturned>(store, logger)
    {
        protected override async Task HandleAsync(ConsumeContext<ApplicationReturned> context, IDocumentSession session)
        {
            var e = context.Message;
            var facts = await FactsAsync(session, e.ApplicationId, e.ProcedureKey, e.SubmittedAt, context.CancellationToken);
            facts.Returned = true;
            session.Update(facts);
        }
    }
}
