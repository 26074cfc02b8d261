using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Tenancy;
using SharedServices.Testing;

namespace SharedServices.Platform.Tests.Messaging;

/// <summary>
/// The event store as outbox, under load and through a broker restart: every integration event
/// appended is delivered, with its own tenant in the header, and no effect happens twice.
/// </summary>
[Collection(BrokerRestarts.Name)]
public sealed class OutboxRelayTests : IAsyncLifetime
{
    private static readonly string[] Towns = ["063614", "063657", "064017"];
    private PlatformHost _platform = null!;

    public async ValueTask InitializeAsync() => _platform = await PlatformHost.StartAsync("relay");

    [Fact]
    public async Task Eight_concurrent_writers_lose_no_event_on_the_way_to_the_consumer()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(8));
        var writers = Enumerable.Range(0, 8).Select(w => Write(w, TimeSpan.Zero, stop.Token)).ToList();
        var appended = (await Task.WhenAll(writers)).SelectMany(x => x).ToList();

        await AssertAllDelivered(appended, TimeSpan.FromSeconds(60));
    }

    [Fact]
    public async Task Consumers_reconnect_after_a_RabbitMQ_restart_and_nothing_is_lost()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(14));
        var writers = Enumerable.Range(0, 2).Select(w => Write(w, TimeSpan.FromMilliseconds(20), stop.Token)).ToList();

        await Task.Delay(TimeSpan.FromSeconds(3));
        await RabbitMqCtl.RunAsync("stop_app");   // every connection drops; publishing and consuming fail
        await Task.Delay(TimeSpan.FromSeconds(3));
        await RabbitMqCtl.RunAsync("start_app");
        await RabbitMqCtl.RunAsync("await_startup");

        var appended = (await Task.WhenAll(writers)).SelectMany(x => x).ToList();
        await AssertAllDelivered(appended, TimeSpan.FromSeconds(120));
    }

    /// <summary>One writer: appends announcements for its towns until stopped; returns what it committed.</summary>
    private async Task<List<(Guid EventId, string Tenant)>> Write(int writer, TimeSpan pause, CancellationToken stop)
    {
        var committed = new List<(Guid, string)>();
        for (var n = 1; !stop.IsCancellationRequested; n++)
        {
            var town = Towns[(writer + n) % Towns.Length];
            using var scope = CurrentTenant.Change(town);
            await using var session = _platform.Store.OpenTenantSession();
            var change = new TenantProfileChanged(new(town, $"w{writer}", "町", "Town", new("#000000", "#FFFFFF"), [], TenantStatuses.Active, n));
            var streamId = Guid.NewGuid();
            session.Events.StartStream(streamId, change);
            await session.SaveChangesAsync(CancellationToken.None);
            var events = await session.Events.FetchStreamAsync(streamId, token: CancellationToken.None);
            committed.Add((events.Single().Id, town));
            if (pause > TimeSpan.Zero)
            {
                await Task.Delay(pause, CancellationToken.None);
            }
        }
        return committed;
    }

    private async Task AssertAllDelivered(List<(Guid EventId, string Tenant)> appended, TimeSpan timeout)
    {
        Assert.NotEmpty(appended);
        // On a timeout, say which events are missing and what the broker still holds (e.g. faulted messages).
        var received = await Eventually.Until(ReceivedByTown, r => r.Count >= appended.Count, timeout,
            $"{appended.Count} deliveries",
            r => $"{r.Count} received; missing {string.Join(", ", appended.Select(a => a.EventId.ToString("N")).Except(r.Select(x => x.Id)).Take(5))}; "
                + $"queues: {RabbitMqCtl.RunAsync("list_queues", "-q", "-p", _platform.VirtualHost.Name, "name", "messages").GetAwaiter().GetResult().ReplaceLineEndings(" ")}");

        var expected = appended.ToDictionary(a => a.EventId.ToString("N"), a => a.Tenant);
        Assert.Equal(expected.Count, received.Count);
        foreach (var r in received)
        {
            Assert.True(expected.TryGetValue(r.Id, out var tenant), $"unexpected message {r.Id}");
            Assert.Equal(tenant, r.TenantHeader);
            Assert.Equal(tenant, r.Code);
        }
        Assert.Equal(appended.Count, await EffectsAcrossTowns()); // each effect once
    }

    private async Task<List<Received>> ReceivedByTown()
    {
        var all = new List<Received>();
        foreach (var town in Towns)
        {
            using var scope = CurrentTenant.Change(town);
            await using var session = _platform.Store.OpenTenantSession();
            all.AddRange(await session.Query<Received>().ToListAsync());
        }
        return all;
    }

    private async Task<int> EffectsAcrossTowns()
    {
        var total = 0;
        foreach (var town in Towns)
        {
            using var scope = CurrentTenant.Change(town);
            await using var session = _platform.Store.OpenTenantSession();
            var effects = await session.Query<Effect>().ToListAsync();
            Assert.All(effects.GroupBy(e => e.MessageId), g => Assert.Single(g)); // no message had its effect twice
            total += effects.Count;
        }
        return total;
    }

    public async ValueTask DisposeAsync() => await _platform.DisposeAsync();
}

/// <summary>Tests that restart the broker run alone, after the others in this assembly.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BrokerRestarts
{
    public const string Name = "Broker restarts";
}
