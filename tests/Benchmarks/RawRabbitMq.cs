using System.Diagnostics;
using System.Globalization;
using System.Threading.Channels;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace SharedServices.Benchmarks;

/// <summary>
/// The raw RabbitMQ figures beside a service's: RabbitMQ.Client alone on the benchmark's virtual host, a durable
/// quorum queue (the kind the services' endpoints use) and persistent messages with publisher confirms (what the
/// services' outbox relays wait for). Latency: one message at a time, from the publish call until the consumer has it.
/// Throughput: as many as the broker takes with up to 64 unconfirmed at once, until the consumer has them all.
/// </summary>
internal static class RawRabbitMq
{
    public sealed record Figures(IReadOnlyList<double> LatencyMs, double MessagesPerSecond, int Count);

    public static async Task<Figures> MeasureAsync(string virtualHostUri, int latencyMessages = 500, int throughputMessages = 10_000, CancellationToken ct = default)
    {
        var factory = new ConnectionFactory { Uri = new Uri(virtualHostUri) };
        await using var connection = await factory.CreateConnectionAsync(ct);
        await using var consuming = await connection.CreateChannelAsync(cancellationToken: ct);
        var queue = $"bench-raw-{Guid.NewGuid():N}";
        await consuming.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: ct);
        try
        {
            var received = Channel.CreateUnbounded<long>();
            var consumer = new AsyncEventingBasicConsumer(consuming);
            consumer.ReceivedAsync += async (_, delivery) =>
            {
                received.Writer.TryWrite(Stopwatch.GetTimestamp());
                await consuming.BasicAckAsync(delivery.DeliveryTag, multiple: false, ct);
            };
            await consuming.BasicQosAsync(0, 200, false, ct);
            await consuming.BasicConsumeAsync(queue, autoAck: false, consumer, ct);

            await using var publishing = await connection.CreateChannelAsync(
                new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true, outstandingPublisherConfirmationsRateLimiter: null),
                ct);
            var properties = new BasicProperties { Persistent = true, ContentType = "application/json" };
            var body = """{"tenantId":"063614","receipt":"063614-2026-000001","procedure":"water-service"}"""u8.ToArray();

            var latencies = new List<double>(latencyMessages);
            for (var i = 0; i < latencyMessages; i++)
            {
                var sent = Stopwatch.GetTimestamp();
                await publishing.BasicPublishAsync("", queue, mandatory: true, properties, body, ct);
                var arrived = await received.Reader.ReadAsync(ct);
                latencies.Add(Stopwatch.GetElapsedTime(sent, arrived).TotalMilliseconds);
            }

            var began = Stopwatch.GetTimestamp();
            using var unconfirmed = new SemaphoreSlim(64);
            var publishes = new List<Task>(throughputMessages);
            for (var i = 0; i < throughputMessages; i++)
            {
                await unconfirmed.WaitAsync(ct);
                publishes.Add(PublishAsync());
            }
            await Task.WhenAll(publishes);

            async Task PublishAsync()
            {
                try
                {
                    await publishing.BasicPublishAsync("", queue, mandatory: true, properties, body, ct);
                }
                finally
                {
                    unconfirmed.Release();
                }
            }
            for (var i = 0; i < throughputMessages; i++)
            {
                await received.Reader.ReadAsync(ct);
            }
            var seconds = Stopwatch.GetElapsedTime(began).TotalSeconds;
            return new(latencies, throughputMessages / seconds, throughputMessages);
        }
        finally
        {
            await consuming.QueueDeleteAsync(queue, cancellationToken: CancellationToken.None);
        }
    }

    public static string Describe(Figures raw) => string.Create(CultureInfo.InvariantCulture,
        $"raw RabbitMQ.Client (quorum queue, persistent, confirms): publish → consumed p50 {Percentile(raw.LatencyMs, 50):0.00} ms, p99 {Percentile(raw.LatencyMs, 99):0.00} ms (one at a time, {raw.LatencyMs.Count} messages); {raw.MessagesPerSecond:0} messages/s through (≤ 64 unconfirmed, {raw.Count} messages)");

    /// <summary>Nearest-rank percentile.</summary>
    public static double Percentile(IReadOnlyList<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        return sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
    }
}
