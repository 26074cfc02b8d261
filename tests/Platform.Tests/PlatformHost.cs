using Marten;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Messaging;
using SharedServices.Testing;

namespace SharedServices.Platform.Tests;

/// <summary>A document a test writes for one town.</summary>
public sealed record Note(string Id, string Text);

/// <summary>One delivery of an integration event, as a consumer saw it.</summary>
public sealed record Received(string Id, string TenantHeader, string Code, long Version);

/// <summary>One occurrence of a consumer's effect: a new row each time, so a repeated effect shows as two rows.</summary>
public sealed record Effect(Guid Id, string MessageId);

/// <summary>
/// Records every tenant event it is given (the relay tests) and each time its effect happens (the inbox test),
/// through the platform's <see cref="IdempotentConsumer{T}"/>.
/// </summary>
public sealed class RecordingConsumer(IDocumentStore store, Microsoft.Extensions.Logging.ILogger<RecordingConsumer> logger)
    : IdempotentConsumer<ITenantChanged>(store, logger)
{
    protected override Task HandleAsync(ConsumeContext<ITenantChanged> context, IDocumentSession session)
    {
        var tenant = context.Message.Tenant;
        var messageId = context.MessageId!.Value.ToString("N");
        session.Store(new Received(messageId, context.Headers.Get<string>(TenantHeader.Name)!, tenant.Code, tenant.Version));
        session.Insert(new Effect(Guid.NewGuid(), messageId));
        return Task.CompletedTask;
    }
}

/// <summary>
/// A generic host with the platform's event store and messaging, its own database and RabbitMQ
/// virtual host, and the recording consumer: the building blocks tested without any service.
/// </summary>
public sealed class PlatformHost : IAsyncDisposable
{
    private readonly bool _ownsDatabase;
    private readonly bool _ownsVirtualHost;

    private PlatformHost(IHost host, TestDatabase database, TestVirtualHost virtualHost, bool ownsDatabase, bool ownsVirtualHost)
    {
        Host = host;
        Database = database;
        VirtualHost = virtualHost;
        _ownsDatabase = ownsDatabase;
        _ownsVirtualHost = ownsVirtualHost;
    }

    public IHost Host { get; }

    public TestDatabase Database { get; }

    public TestVirtualHost VirtualHost { get; }

    public IDocumentStore Store => Host.Services.GetRequiredService<IDocumentStore>();

    public IBus Bus => Host.Services.GetRequiredService<IBus>();

    /// <summary>
    /// Starts on a new database and virtual host, or on those given (a second instance: they stay the
    /// first's to dispose), with any extra <paramref name="settings"/>.
    /// </summary>
    public static async Task<PlatformHost> StartAsync(string purpose, IReadOnlyDictionary<string, string?>? settings = null,
        TestDatabase? database = null, TestVirtualHost? virtualHost = null)
    {
        var (ownsDatabase, ownsVirtualHost) = (database is null, virtualHost is null);
        database ??= await TestDatabase.CreateAsync(purpose);
        virtualHost ??= await TestVirtualHost.CreateAsync(purpose);
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Marten"] = database.AppConnectionString,
            ["ConnectionStrings:MartenRelay"] = database.RelayConnectionString,
            ["ConnectionStrings:MartenOwner"] = database.OwnerConnectionString,
            ["ConnectionStrings:RabbitMq"] = virtualHost.Uri,
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddPlatformEventStore(options =>
        {
            options.Schema.For<Note>();
            options.Schema.For<Received>();
            options.Schema.For<Effect>();
        });
        builder.AddPlatformMessaging("platform-tests", bus => bus.AddConsumer<RecordingConsumer>());
        var host = builder.Build();
        try
        {
            await host.StartAsync();
        }
        catch
        {
            host.Dispose();
            if (ownsVirtualHost)
            {
                await virtualHost.DisposeAsync();
            }
            throw;
        }
        return new PlatformHost(host, database, virtualHost, ownsDatabase, ownsVirtualHost);
    }

    public async ValueTask DisposeAsync()
    {
        await Host.StopAsync();
        Host.Dispose();
        if (_ownsDatabase)
        {
            await Database.DisposeAsync();
        }
        if (_ownsVirtualHost)
        {
            await VirtualHost.DisposeAsync();
        }
    }
}
