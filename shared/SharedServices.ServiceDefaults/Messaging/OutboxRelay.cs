using System.Diagnostics;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.Events.Projections;
using Marten;
using Marten.Subscriptions;
using MassTransit;
using Microsoft.Extensions.Logging;
using SharedServices.Tenancy;

namespace SharedServices.Messaging;

/// <summary>
/// The event store as outbox. A service appends integration events to its streams in the same
/// transaction as its own events; this Marten subscription (run by the async daemon, one active
/// instance per database) publishes them to RabbitMQ with publisher confirms, then lets Marten
/// record its progress. A crash between publish and progress publishes again on restart: delivery
/// is at-least-once, and the message id is the event id, so consumers' inboxes drop the repeat.
/// It never skips: a batch is retried until the broker confirms every message in it.
/// Each attempt is bounded by <see cref="MessagingExtensions.PublishTimeout"/>: an unbounded wait on a
/// confirm the client lost would stop the relay for good; a batch given up on is simply published again.
/// </summary>
public sealed class OutboxRelay(IBus bus, ILogger<OutboxRelay> logger) : SubscriptionBase
{
    public const string SubscriptionName = "outbox";

    /// <summary>Traces of relayed events: each continues the trace its event was written in.</summary>
    public static readonly ActivitySource Source = new("SharedServices.Outbox");

    public override async Task<IChangeListener> ProcessEventsAsync(
        EventRange page, ISubscriptionController controller, IDocumentOperations operations, CancellationToken cancellationToken)
    {
        var pending = page.Events;
        for (var attempts = 1; ; attempts++)
        {
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(MessagingExtensions.PublishTimeout);
            try
            {
                // WaitAsync as well as the token: a publish stuck inside the client may not heed its token.
                await Task.WhenAll(pending.Select(e => PublishAsync(e, attempt.Token))).WaitAsync(attempt.Token);
                return NullChangeListener.Instance;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(attempts, 6))));
                logger.LogWarning(ex, "Publishing events {Floor}..{Ceiling} failed (attempt {Attempt}); retrying in {Delay}",
                    page.SequenceFloor, page.SequenceCeiling, attempts, delay);
                await Task.Delay(delay, cancellationToken);
            }
        }
    }

    private static ActivityContext WrittenIn(IEvent e) =>
        e.Headers?.GetValueOrDefault(EventStore.TenantSessionExtensions.TraceParentHeader)?.ToString() is { } traceParent
        && ActivityContext.TryParse(traceParent, null, out var context)
            ? context
            : default;

    private async Task PublishAsync(IEvent e, CancellationToken cancellationToken)
    {
        using var tenant = CurrentTenant.Change(e.TenantId);
        using var activity = Source.StartActivity("outbox relay", ActivityKind.Producer, WrittenIn(e));
        activity?.SetTag("tenant.id", e.TenantId);
        await bus.Publish(e.Data, e.EventType, context =>
        {
            context.MessageId = e.Id;
            context.Durable = true;
        }, cancellationToken);
    }
}
