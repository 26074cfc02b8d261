using JasperFx.Events;
using JasperFx.Events.Daemon;
using JasperFx.MultiTenancy;
using Marten;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;
using SharedServices.Contracts.Tenancy;
using SharedServices.Messaging;
using SharedServices.Tenancy;

namespace SharedServices.EventStore;

public static class EventStoreExtensions
{
    /// <summary>Row-level security setting Marten sets on every connection it opens for a tenant.</summary>
    public const string RlsSetting = "app.tenant_id";

    /// <summary>
    /// Marten for one service: events and documents with conjoined tenancy, the tenant always taken
    /// from <see cref="CurrentTenant"/>, PostgreSQL row-level security as a second net, the schema
    /// migrated by the owner role and used by a runtime role that owns nothing, the local tenant
    /// registry, and the event store as the outbox for integration events (see <see cref="OutboxRelay"/>).
    /// Connection strings: <c>ConnectionStrings:Marten</c> (runtime role), <c>ConnectionStrings:MartenRelay</c>
    /// (relay role, for the async daemon) and <c>ConnectionStrings:MartenOwner</c> (schema migration).
    /// </summary>
    public static MartenServiceCollectionExtensions.MartenConfigurationExpression AddPlatformEventStore(
        this IHostApplicationBuilder builder, Action<StoreOptions>? configureService = null)
    {
        var config = builder.Configuration;
        var shared = new DatabaseConnections(
            config.GetConnectionString("Marten")
                ?? throw new InvalidOperationException("ConnectionStrings:Marten is not set."),
            config.GetConnectionString("MartenRelay")
                ?? throw new InvalidOperationException("ConnectionStrings:MartenRelay is not set."),
            config.GetConnectionString("MartenOwner"));
        var settings = new EventStoreSettings(
            shared.Runtime,
            shared.Relay,
            shared.Owner,
            OwnDatabases.Read(config, shared),
            "public",
            options =>
            {
                ConfigurePlatform(options, config.GetValue("EventStore:WakeRelayOnAppend", true));
                configureService?.Invoke(options);
            });

        builder.Services.AddSingleton(settings);
        // Registered before Marten so it runs before the async daemon starts.
        builder.Services.AddHostedService<EventStoreSchema>();

        var marten = builder.Services.AddMarten(options =>
            {
                settings.Configure(options);
                Connect(options, settings, c => c.Runtime);
                // One connection for a session's life (a request): row-level security's tenant is set once
                // per session, not again (and reset) around every command as with Marten's default.
                options.UseStickyConnectionLifetimes = true;
                // The runtime role cannot create anything; EventStoreSchema did that as owner.
                options.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
            })
            .BuildSessionsWith<TenantSessionFactory>();

        // The daemon reads all towns' events, so it runs in a store of its own, as the relay role.
        var relay = builder.Services.AddMartenStore<IEventRelayStore>(options =>
            {
                settings.Configure(options);
                Connect(options, settings, c => c.Relay);
                options.AutoCreateSchemaObjects = JasperFx.AutoCreate.None;
            })
            .AddAsyncDaemon(DaemonMode.HotCold);

        if (config.GetValue("Outbox:Enabled", true))
        {
            relay.AddSubscriptionWithServices<OutboxRelay>(ServiceLifetime.Singleton, o =>
            {
                o.Name = OutboxRelay.SubscriptionName;
                o.Options.BatchSize = 500;
                foreach (var type in IntegrationEvents.Types)
                {
                    o.IncludeType(type);
                }
            });
        }

        builder.Services.AddHealthChecks().AddCheck<Web.PostgresHealthCheck>("postgresql", tags: ["ready"]);
        builder.Services.AddSingleton<TownDataSources>();
        builder.Services.AddSingleton<TenantData>();
        builder.Services.AddSingleton<TenantRegistry>();
        builder.Services.AddSingleton<ITenantStore>(sp => sp.GetRequiredService<TenantRegistry>());
        builder.Services.AddHostedService<TenantRegistryRefresher>();
        builder.Services.AddHostedService<ProjectionLag>();
        return marten;
    }

    /// <summary>
    /// One database for every town, or, when some towns have their own (<see cref="OwnDatabases"/>),
    /// those and the shared one (<see cref="TownDatabaseTenancy"/>), each as the role <paramref name="role"/> picks.
    /// </summary>
    private static void Connect(StoreOptions options, EventStoreSettings settings, Func<DatabaseConnections, string> role)
    {
        var shared = WithPreparedStatements(role(settings.Databases.First()));
        if (settings.OwnDatabases.Count == 0)
        {
            options.Connection(shared);
            return;
        }
        options.Tenancy = new TownDatabaseTenancy(options, shared,
            settings.OwnDatabases.ToDictionary(t => t.Key, t => WithPreparedStatements(role(t.Value))));
    }

    /// <summary>
    /// Npgsql prepares the statements a connection runs often (Marten's are few and fixed), so
    /// PostgreSQL parses and plans them once per connection instead of on every request: it halved the
    /// database's CPU per submission in the submissions benchmark. A connection string that sets
    /// <c>Max Auto Prepare</c> itself keeps its value.
    /// </summary>
    internal static string WithPreparedStatements(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (builder.MaxAutoPrepare == 0)
        {
            builder.MaxAutoPrepare = 64;
        }
        return builder.ConnectionString;
    }

    private static void ConfigurePlatform(StoreOptions options, bool wakeRelayOnAppend)
    {
        options.Events.TenancyStyle = TenancyStyle.Conjoined;
        options.Policies.AllDocumentsAreMultiTenanted();
        options.UseRowLevelSecurity(RlsSetting);
        options.Events.AppendMode = EventAppendMode.Quick;
        // Quick append allocates sequence numbers before commit: serialise appends to one stream so a
        // losing writer fails before taking a number, and wait out live transactions before skipping
        // a gap (both guard the relay against the gaps reported in Marten#3321/#4977).
        options.Events.UseExclusiveLockOnConcurrentAppends = true;
        options.Projections.UseTransactionEvidenceForGapSkipping = true;
        // Wake the daemon on append instead of waiting for its next poll: a new town is usable in ms.
        // The price: PostgreSQL serialises the commits of every transaction that NOTIFYs (a global
        // lock at commit), so a service with many concurrent appends turns it off
        // (EventStore:WakeRelayOnAppend = false) and its relay polls (250 ms at most) instead.
        options.Events.UseListenNotifyForEventAppends = wakeRelayOnAppend;
        // HotCold leadership with a transaction-scoped advisory lock: the default session-scoped lock is
        // multiplexed, which upstream DistributedLock.Postgres 1.3.1 refuses with a DbDataSource (only the
        // Patched.* fork allows it, and it is not served here: see .nuget/local-feed/README.md).
        options.Events.UseAdvisoryLockTransaction = true;
        options.Events.AddEventTypes(IntegrationEvents.Types);
        // Each event keeps the trace it was written in, so the relay can continue that trace on the bus.
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;

        // The list of tenants is not tenant data: one row per town, shared by all.
        options.Schema.For<TenantInfo>().SingleTenanted().UseOptimisticConcurrency(true);
        options.Schema.For<InboxEntry>();
        // A service's data protection keys (DataProtectionKeys), shared by its instances: not town data either.
        options.Schema.For<DataProtectionKey>().SingleTenanted();
    }
}
