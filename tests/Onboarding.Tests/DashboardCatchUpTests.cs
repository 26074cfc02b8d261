using System.Net;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Contracts.EApplication;
using SharedServices.Tenancy;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;

namespace SharedServices.Onboarding.Tests;

/// <summary>
/// The dashboard catches up: events published while the onboarding service (which keeps the
/// dashboard) is down wait in its durable queue and are counted once it is back.
/// </summary>
public sealed class DashboardCatchUpTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestVirtualHost _virtualHost = null!;
    private TestIdentity _identity = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("dashcatchup");
        _virtualHost = await TestVirtualHost.CreateAsync("dashcatchup");
        _identity = await TestIdentity.StartAsync(_virtualHost);
    }

    private ServiceHost<OnboardingService> StartOnboarding()
    {
        var host = new ServiceHost<OnboardingService>(_database, _virtualHost,
            new Dictionary<string, string?> { ["Identity:Issuer"] = _identity.Address.ToString() });
        host.StartServer();
        return host;
    }

    [Fact]
    public async Task Applications_submitted_while_the_dashboard_was_down_are_counted_when_it_returns()
    {
        var operatorToken = await _identity.OperatorToken();
        await using (var first = StartOnboarding())
        {
            using var client = first.CreateClient();
            client.DefaultRequestHeaders.Authorization = new("Bearer", operatorToken);
            await Ok(await client.Onboard("063614", "kaneyama", "Kaneyama Town", "e-application"), HttpStatusCode.Created);
        }

        // Down. Another service (here the identity service's bus) goes on publishing.
        var bus = _identity.Host.Services.GetRequiredService<IBus>();
        using (CurrentTenant.Change("063614"))
        {
            for (var i = 1; i <= 5; i++)
            {
                await bus.Publish(new ApplicationSubmitted("063614", $"down-{i}", "child-allowance", 1, $"063614-2026-{i:000000}",
                    ApplicationChannels.Online, new DateTimeOffset(2026, 10, i, 9, 0, 0, TimeSpan.FromHours(9))), Ct);
            }
        }

        await using var second = StartOnboarding();
        using var again = second.CreateClient();
        again.DefaultRequestHeaders.Authorization = new("Bearer", operatorToken);
        var october = await Eventually.Until(
            async () => JsonDocument.Parse(await (await Ok(await again.GetAsync("/operator/dashboard?month=2026-10", Ct))).Content.ReadAsStringAsync(Ct)).RootElement,
            d => d.GetProperty("totals").GetProperty("applications").GetProperty("submitted").GetInt32() >= 5,
            TimeSpan.FromSeconds(30), "the applications published while it was down");
        Assert.Equal(5, october.GetProperty("towns")[0].GetProperty("applications").GetProperty("submitted").GetInt32());
    }

    public async ValueTask DisposeAsync()
    {
        await _identity.DisposeAsync();
        await _database.DisposeAsync();
        await _virtualHost.DisposeAsync();
    }
}
