using Marten;
using Microsoft.Extensions.Configuration;
using Npgsql;
using RabbitMQ.Client;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Tenancy;
using SharedServices.Testing;

namespace SharedServices.Platform.Tests.EventStore;

/// <summary>
/// How <c>EventStore:OwnDatabases</c> is read: a town's database as Host, Port and Database over the
/// service's three connection strings, so the town keeps the service's roles; and the platform's event
/// store with one town in its own database: its documents and events there, its integration events
/// relayed from there. (The e-application and points tests run towns in their own databases too.)
/// </summary>
public sealed class OwnDatabasesTests
{
    private static readonly DatabaseConnections Shared = new(
        "Host=db;Port=5432;Database=ss_eapplication;Username=ss_app;Password=a",
        "Host=db;Port=5432;Database=ss_eapplication;Username=ss_relay;Password=r",
        "Host=db;Port=5432;Database=ss_eapplication;Username=ss_owner;Password=o");

    private static IConfiguration Config(params (string Town, string Value)[] towns) =>
        new ConfigurationBuilder().AddInMemoryCollection(
            towns.Select(t => new KeyValuePair<string, string?>($"{OwnDatabases.Section}:{t.Town}", t.Value))).Build();

    [Fact]
    public void A_town_gets_the_services_three_roles_on_its_own_database_and_server()
    {
        var towns = OwnDatabases.Read(Config(("063657", "Database=ss_eapplication_okura"), ("062031", "Host=pg-big;Port=6432")), Shared);

        var okura = towns["063657"];
        AssertAt(okura.Runtime, "db", 5432, "ss_eapplication_okura", "ss_app");
        AssertAt(okura.Relay, "db", 5432, "ss_eapplication_okura", "ss_relay");
        AssertAt(okura.Owner!, "db", 5432, "ss_eapplication_okura", "ss_owner");
        AssertAt(towns["062031"].Runtime, "pg-big", 6432, "ss_eapplication", "ss_app");
        Assert.Equal(2, towns.Count);
    }

    [Fact]
    public void No_setting_means_every_town_in_the_shared_database()
    {
        Assert.Empty(OwnDatabases.Read(Config(), Shared));
        Assert.Empty(OwnDatabases.Read(Config(("063657", "")), Shared));
    }

    [Theory]
    [InlineData("Database=x;Username=postgres", "Username")]
    [InlineData("Database=x;Password=secret", "Password")]
    [InlineData("Database=x;Search Path=other", "Search Path")]
    public void A_town_cannot_change_the_roles_or_anything_but_where_its_database_is(string value, string keyword)
    {
        var refused = Assert.Throws<InvalidOperationException>(() => OwnDatabases.Read(Config(("063657", value)), Shared));
        Assert.Contains(keyword, refused.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("063657", refused.Message);
    }

    [Fact]
    public void A_towns_own_database_is_neither_the_shared_one_nor_another_towns()
    {
        Assert.Throws<InvalidOperationException>(() => OwnDatabases.Read(Config(("063657", "Database=ss_eapplication")), Shared));
        Assert.Throws<InvalidOperationException>(() => OwnDatabases.Read(Config(("063657", "Database=big"), ("063614", "Database=big")), Shared));
    }

    [Fact]
    public async Task A_towns_documents_and_events_go_to_its_own_database_and_the_relay_publishes_from_both()
    {
        await using var own = await TestDatabase.CreateAsync("ownokura");
        await using var platform = await PlatformHost.StartAsync("ownshared", new Dictionary<string, string?>
        {
            [$"{OwnDatabases.Section}:063657"] = $"Database={own.Name}",
        });
        var events = new Dictionary<string, Guid>();
        foreach (var town in new[] { "063657", "063614" })
        {
            using var scope = CurrentTenant.Change(town);
            await using var session = platform.Store.OpenTenantSession();
            session.Store(new Note($"note-{town}", town));
            var change = new TenantProfileChanged(new(town, "t", "町", "Town", new("#000000", "#FFFFFF"), [], TenantStatuses.Active, 1));
            var stream = Guid.NewGuid();
            session.Events.StartStream(stream, change);
            await session.SaveChangesAsync();
            events[town] = (await session.Events.FetchStreamAsync(stream)).Single().Id;
        }

        Assert.Equal(["note-063657"], await own.QueryAsAppAsync<string>("select id from public.mt_doc_note", "063657"));
        Assert.Empty(await platform.Database.QueryAsAppAsync<string>("select id from public.mt_doc_note", "063657"));
        Assert.Equal(["note-063614"], await platform.Database.QueryAsAppAsync<string>("select id from public.mt_doc_note", "063614"));
        Assert.Empty(await own.QueryAsAppAsync<string>("select id from public.mt_doc_note", "063614"));
        Assert.Single(await own.QueryAsAppAsync<string>("select tenant_id from public.mt_events", "063657"));
        Assert.Empty(await platform.Database.QueryAsAppAsync<string>("select tenant_id from public.mt_events", "063657"));

        // Each database's relay publishes its town's event; the consumer records it in that town's database.
        foreach (var (town, id) in events)
        {
            var received = await Eventually.Until(async () =>
            {
                using var scope = CurrentTenant.Change(town);
                await using var session = platform.Store.QuerySession(town);
                return await session.Query<Received>().ToListAsync();
            }, r => r.Count > 0, what: $"{town}'s event relayed");
            Assert.Equal((id.ToString("N"), town), (Assert.Single(received).Id, received[0].TenantHeader));
        }
        Assert.Single(await own.QueryAsAppAsync<string>("select id from public.mt_doc_received", "063657"));
    }

    [Fact]
    public async Task Two_instances_relay_each_databases_events_once_with_one_leader_per_database()
    {
        await using var own = await TestDatabase.CreateAsync("owntwo");
        var settings = new Dictionary<string, string?> { [$"{OwnDatabases.Section}:063657"] = $"Database={own.Name}" };
        await using var first = await PlatformHost.StartAsync("owntwo", settings);
        await using var second = await PlatformHost.StartAsync("owntwo", settings, first.Database, first.VirtualHost);

        // Every TenantProfileChanged the relays publish, on a queue of the test's own.
        const string exchange = "SharedServices.Contracts.Tenancy:TenantProfileChanged";
        var factory = new ConnectionFactory { Uri = new Uri(first.VirtualHost.Uri) };
        await using var rabbit = await factory.CreateConnectionAsync();
        await using var channel = await rabbit.CreateChannelAsync();
        await channel.ExchangeDeclareAsync(exchange, ExchangeType.Fanout, durable: true, autoDelete: false);
        var observed = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(observed, exchange, "");

        // Ten events per town, written through one instance and the other in turn.
        var written = new List<Guid>();
        for (var n = 0; n < 20; n++)
        {
            var town = n % 2 == 0 ? "063657" : "063614";
            using var scope = CurrentTenant.Change(town);
            await using var session = (n % 4 < 2 ? first : second).Store.OpenTenantSession();
            var stream = Guid.NewGuid();
            session.Events.StartStream(stream, new TenantProfileChanged(new(town, "t", "町", "Town", new("#000000", "#FFFFFF"), [], TenantStatuses.Active, n)));
            await session.SaveChangesAsync();
            written.Add((await session.Events.FetchStreamAsync(stream)).Single().Id);
        }

        // Each published once: per database one relay leads, whichever instance it is in. A second would publish again.
        var ids = new List<string>();
        await Eventually.Until(async () =>
        {
            while (await channel.BasicGetAsync(observed, autoAck: true) is { } message)
            {
                ids.Add(message.BasicProperties.MessageId ?? "(none)");
            }
            return ids.Count;
        }, count => count >= written.Count, what: "every event relayed");
        await Task.Delay(TimeSpan.FromSeconds(3));
        while (await channel.BasicGetAsync(observed, autoAck: true) is { } late)
        {
            ids.Add(late.BasicProperties.MessageId ?? "(none)");
        }
        Assert.Equal(written.Count, ids.Count);
        Assert.Equal(written.Select(w => w.ToString("N")).Order(), ids.Select(id => Guid.Parse(id).ToString("N")).Order());
    }

    [Fact]
    public async Task A_service_refuses_to_start_when_a_town_given_its_own_database_already_has_data_in_the_shared_one()
    {
        await using var platform = await PlatformHost.StartAsync("ownguard");
        await using (var session = platform.Store.LightweightSession("063657"))
        {
            session.Store(new Note("before", "written in the shared database"));
            await session.SaveChangesAsync();
        }
        await using var own = await TestDatabase.CreateAsync("ownguard2");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => PlatformHost.StartAsync("ownguard",
            new Dictionary<string, string?> { [$"{OwnDatabases.Section}:063657"] = $"Database={own.Name}" }, platform.Database));

        Assert.Contains("063657", refused.Message);
        Assert.Contains("mt_doc_note", refused.Message);
    }

    private static void AssertAt(string connectionString, string host, int port, string database, string user)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        Assert.Equal((host, port, database, user), (builder.Host, builder.Port, builder.Database, builder.Username));
    }
}
