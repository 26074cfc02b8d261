using JasperFx;
using Marten;
using MassTransit;
using Microsoft.Extensions.Logging;
using SharedServices.EventStore;

namespace SharedServices.Messaging;

/// <summary>
/// A message a consumer has handled, keyed by consumer and message id (the inbox), and which instance of the
/// service handled it, for an operator following one message.
/// </summary>
public sealed record InboxEntry(string Id, string MessageType, DateTimeOffset HandledAt, string? HandledBy = null)
{
    /// <summary>This instance of the service: its host (in Kubernetes, the pod's name) and process id.</summary>
    public static string ThisInstance { get; } = $"{Environment.MachineName}/{Environment.ProcessId}";
}

/// <summary>
/// A consumer whose effect happens once per message, however often the message is delivered: the
/// handler writes through the given session, and the inbox entry commits in the same transaction.
/// A redelivery finds the entry and does nothing; two concurrent deliveries race on the entry's
/// primary key and the loser's effect rolls back with it.
/// </summary>
public abstract class IdempotentConsumer<T>(IDocumentStore store, ILogger logger) : IConsumer<T> where T : class
{
    public async Task Consume(ConsumeContext<T> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without a MessageId cannot be de-duplicated.");
        var key = $"{GetType().Name}/{messageId:N}";

        await using var session = store.OpenTenantSession();
        if (await session.LoadAsync<InboxEntry>(key, context.CancellationToken) is not null)
        {
            logger.LogInformation("Message {MessageId} was already handled by {Consumer}; skipped", messageId, GetType().Name);
            return;
        }

        await HandleAsync(context, session);
        session.Insert(new InboxEntry(key, typeof(T).Name, DateTimeOffset.UtcNow, InboxEntry.ThisInstance));
        try
        {
            await session.SaveChangesAsync(context.CancellationToken);
        }
        catch (DocumentAlreadyExistsException)
        {
            logger.LogInformation("Message {MessageId} was handled concurrently by {Consumer}; this delivery rolled back", messageId, GetType().Name);
            return;
        }
        await AfterCommitAsync(context);
    }

    /// <summary>The effect: write it through <paramref name="session"/>, which commits with the inbox entry.</summary>
    protected abstract Task HandleAsync(ConsumeContext<T> context, IDocumentSession session);

    /// <summary>What to do once the effect is committed (e.g. refresh a cache). Not run for duplicates.</summary>
    protected virtual Task AfterCommitAsync(ConsumeContext<T> context) => Task.CompletedTask;
}
