using System.Text;
using System.Text.Json;
using Marten;
using RabbitMQ.Client;
using SharedServices.EventStore;
using SharedServices.Tenancy;
using SharedServices.Testing;

namespace SharedServices.Platform.Tests.Messaging;

/// <summary>A message whose tenant header is missing or wrong is faulted with the reason, never handled.</summary>
public sealed class TenantHeaderTests : IAsyncLifetime
{
    private PlatformHost _platform = null!;

    public async ValueTask InitializeAsync() => _platform = await PlatformHost.StartAsync("header");

    [Theory]
    [InlineData("999999")]
    [InlineData(null)]
    public async Task A_message_with_a_bad_or_missing_tenant_header_goes_to_the_error_queue_with_the_reason(string? header)
    {
        var factory = new ConnectionFactory { Uri = new Uri(_platform.VirtualHost.Uri) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var messageId = Guid.NewGuid();
        var headers = new Dictionary<string, object?>();
        if (header is not null)
        {
            headers["tenant-id"] = header;
        }
        var envelope = new
        {
            messageId,
            messageType = new[] { "urn:message:SharedServices.Contracts.Tenancy:TenantProfileChanged", "urn:message:SharedServices.Contracts.Tenancy:ITenantChanged" },
            message = new { tenant = new { code = "063614", slug = "kaneyama", nameJa = "金山町", nameEn = "Kaneyama", branding = new { primaryColor = "#000000", accentColor = "#FFFFFF" }, enabledServices = Array.Empty<string>(), status = "active", version = 9 } },
            headers,
        };
        var properties = new BasicProperties { ContentType = "application/vnd.masstransit+json", MessageId = messageId.ToString(), Headers = headers, Persistent = true };

        await channel.BasicPublishAsync("SharedServices.Contracts.Tenancy:ITenantChanged", "", false, properties,
            JsonSerializer.SerializeToUtf8Bytes(envelope));

        var faulted = await Eventually.Until(() => TakeFrom(connection, "platform-tests-recording_error"),
            r => r is not null, TimeSpan.FromSeconds(20), "the message in the error queue");
        var reason = Encoding.UTF8.GetString((byte[])faulted!.BasicProperties.Headers!["MT-Fault-Message"]!);
        Assert.Contains("tenant-id", reason);

        using var town = CurrentTenant.Change("063614");
        await using var session = _platform.Store.OpenTenantSession();
        Assert.Equal(0, await session.Query<Effect>().CountAsync()); // the consumer never ran
    }

    /// <summary>Takes one message, or null while there is none (or the queue does not exist yet).</summary>
    private static async Task<BasicGetResult?> TakeFrom(IConnection connection, string queue)
    {
        try
        {
            await using var channel = await connection.CreateChannelAsync();
            return await channel.BasicGetAsync(queue, autoAck: true);
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return null;
        }
    }

    public async ValueTask DisposeAsync() => await _platform.DisposeAsync();
}
