using Marten;
using MassTransit;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Tenancy;
using SharedServices.Testing;

namespace SharedServices.Platform.Tests.Messaging;

/// <summary>A message delivered more than once has its effect once (the inbox commits with the effect).</summary>
public sealed class InboxTests : IAsyncLifetime
{
    private const string Town = "063614";
    private PlatformHost _platform = null!;

    public async ValueTask InitializeAsync() => _platform = await PlatformHost.StartAsync("inbox");

    [Fact]
    public async Task The_same_message_delivered_three_times_has_its_effect_once_while_distinct_messages_each_count()
    {
        var duplicated = Guid.NewGuid();
        using (CurrentTenant.Change(Town))
        {
            foreach (var id in new[] { duplicated, duplicated, duplicated, Guid.NewGuid() })
            {
                await _platform.Bus.Publish(new TenantProfileChanged(Snapshot()), (PublishContext<TenantProfileChanged> context) => context.MessageId = id);
            }
        }

        var count = await Eventually.Until(() => Effects(), c => c >= 2, what: "both distinct messages to be handled");
        await Task.Delay(TimeSpan.FromSeconds(1)); // give any wrongly repeated effect the time to land
        Assert.Equal(2, await Effects());
        Assert.Equal(2, count);
    }

    [Fact]
    public async Task A_message_without_a_tenant_header_is_refused_not_run_tenant_less()
    {
        // Published from outside any tenant scope through the bus's raw API: the publish filter refuses it.
        await Assert.ThrowsAsync<MissingTenantException>(() => _platform.Bus.Publish(new TenantProfileChanged(Snapshot())));
    }

    private async Task<int> Effects()
    {
        using var town = CurrentTenant.Change(Town);
        await using var session = _platform.Store.OpenTenantSession();
        return await session.Query<Effect>().CountAsync();
    }

    private static TenantSnapshot Snapshot() =>
        new(Town, "kaneyama", "金山町", "Kaneyama", new("#000000", "#FFFFFF"), [], TenantStatuses.Active, 3);

    public async ValueTask DisposeAsync() => await _platform.DisposeAsync();
}
