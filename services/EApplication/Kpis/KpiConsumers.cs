using JasperFx;
using Marten;
using MassTransit;
using SharedServices.Contracts.EApplication;
using SharedServices.EventStore;
using SharedServices.Messaging;

namespace SharedServices.EApplication.Kpis;

/// <summary>
/// Keeps <see cref="ProcedureDayKpi"/> from the service's own integration events, in the town of the
/// message's tenant header. Each message counts once (the inbox). Two messages for the same day of a
/// procedure may be handled at once: the document has optimistic concurrency, so the later save fails,
/// rolls back with its inbox entry, and MassTransit's retry counts it again on fresh figures.
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
    /// The day's document, loaded for update. A missing one is created empty first, in its own
    /// transaction: creating it in the handler's would race on the id with another message of the same
    /// day, and the inbox takes an id clash for a duplicate delivery.
    /// </summary>
    internal static async Task<ProcedureDayKpi> DayAsync(IDocumentSession session, string procedureKey, DateTimeOffset submittedAt, CancellationToken ct)
    {
        var date = ProcedureDayKpi.JapanDate(submittedAt);
        var id = ProcedureDayKpi.IdOf(procedureKey, date);
        if (await session.LoadAsync<ProcedureDayKpi>(id, ct) is { } known)
        {
            return known;
        }
        await using (var create = session.DocumentStore.OpenTenantSession())
        {
            create.Insert(new ProcedureDayKpi { Id = id, ProcedureKey = procedureKey, Date = date });
            try
            {
                await create.SaveChangesAsync(ct);
            }
            catch (DocumentAlreadyExistsException)
            {
                // Another message of the same day created it first.
            }
        }
        return await session.LoadAsync<ProcedureDayKpi>(id, ct)
            ?? throw new InvalidOperationException($"The KPI document {id} was created but cannot be read back.");
    }

    public sealed class CountSubmitted(IDocumentStore store, ILogger<CountSubmitted> logger) : IdempotentConsumer<ApplicationSubmitted>(store, logger)
    {
        protected override async Task HandleAsync(ConsumeContext<ApplicationSubmitted> context, IDocumentSession session)
        {
            var e = context.Message;
            var day = await DayAsync(session, e.ProcedureKey, e.SubmittedAt, context.CancellationToken);
            day.Submitted++;
            if (e.Channel == ApplicationChannels.Counter)
            {
                day.Counter++;
            }
            else
            {
                day.Online++;
            }
            session.Update(day);
        }
    }

    public sealed class CountApproved(IDocumentStore store, ILogger<CountApproved> logger) : IdempotentConsumer<ApplicationApproved>(store, logger)
    {
        protected override async Task HandleAsync(ConsumeContext<ApplicationApproved> context, IDocumentSession session)
        {
            var e = context.Message;
            var day = await DayAsync(session, e.ProcedureKey, e.SubmittedAt, context.CancellationToken);
            day.Approved++;
            day.ProcessingSeconds.Add(Seconds(e.SubmittedAt, e.DecidedAt));
            session.Update(day);
        }
    }

    public sealed class CountRejected(IDocumentStore store, ILogger<CountRejected> logger) : IdempotentConsumer<ApplicationRejected>(store, logger)
    {
        protected override async Task HandleAsync(ConsumeContext<ApplicationRejected> context, IDocumentSession session)
        {
            var e = context.Message;
            var day = await DayAsync(session, e.ProcedureKey, e.SubmittedAt, context.CancellationToken);
            day.Rejected++;
            day.ProcessingSeconds.Add(Seconds(e.SubmittedAt, e.DecidedAt));
            session.Update(day);
        }
    }

    public sealed class CountReturned(IDocumentStore store, ILogger<CountReturned> logger) : IdempotentConsumer<ApplicationReturned>(store, logger)
    {
        protected override async Task HandleAsync(ConsumeContext<ApplicationReturned> context, IDocumentSession session)
        {
            var e = context.Message;
            var day = await DayAsync(session, e.ProcedureKey, e.SubmittedAt, context.CancellationToken);
            if (day.ReturnedApplicationIds.Add(e.ApplicationId))
            {
                session.Update(day);
            }
        }
    }

    private static long Seconds(DateTimeOffset from, DateTimeOffset to) => Math.Max(0, (long)(to - from).TotalSeconds);
}
