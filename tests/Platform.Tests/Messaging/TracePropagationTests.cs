using System.Collections.Concurrent;
using System.Diagnostics;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Tenancy;
using SharedServices.Testing;

namespace SharedServices.Platform.Tests.Messaging;

/// <summary>One trace from the request that wrote an event, through the outbox relay, to the consumer.</summary>
public sealed class TracePropagationTests : IAsyncLifetime
{
    private PlatformHost _platform = null!;

    public async ValueTask InitializeAsync() => _platform = await PlatformHost.StartAsync("trace");

    [Fact]
    public async Task The_consumer_of_a_relayed_event_runs_in_the_trace_of_the_request_that_wrote_it()
    {
        var stopped = new ConcurrentBag<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "MassTransit" or "SharedServices.Outbox" or nameof(TracePropagationTests),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Add,
        };
        ActivitySource.AddActivityListener(listener);
        using var source = new ActivitySource(nameof(TracePropagationTests));

        ActivityTraceId traceId;
        using (var request = source.StartActivity("resident request")!)
        using (CurrentTenant.Change("063614"))
        {
            traceId = request.TraceId;
            await using var session = _platform.Store.OpenTenantSession();
            session.Events.StartStream(Guid.NewGuid(), new TenantProfileChanged(
                new("063614", "kaneyama", "金山町", "Kaneyama", new("#000000", "#FFFFFF"), [], TenantStatuses.Active, 5)));
            await session.SaveChangesAsync();
        }

        var consumed = await Eventually.Until(
            () => Task.FromResult(stopped.FirstOrDefault(a => a.Source.Name == "MassTransit" && a.Kind == ActivityKind.Consumer && a.TraceId == traceId)),
            a => a is not null, TimeSpan.FromSeconds(20), "a consumer activity in the request's trace");
        Assert.Contains(stopped, a => a.Source.Name == "SharedServices.Outbox" && a.TraceId == traceId);
        Assert.Equal(traceId, consumed!.TraceId);
    }

    public async ValueTask DisposeAsync() => await _platform.DisposeAsync();
}
