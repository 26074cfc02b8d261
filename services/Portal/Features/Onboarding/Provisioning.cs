using System.Net.Http.Json;
using SharedServices.Tenancy;

namespace SharedServices.Portal.Features.Onboarding;

/// <summary>
/// Whether each service has heard of a town yet (its provisioning: the tenant events reached it), asked of
/// each service's <c>/towns/{code}/registry</c>, the portal's own answered from its registry. A service that
/// does not answer is shown as not ready, never as an error.
/// </summary>
public sealed class Provisioning(IHttpClientFactory http, IConfiguration configuration, ITenantStore portalTowns, ILogger<Provisioning> logger)
{
    public sealed record ServiceState(string Service, bool Ready, long Version);

    private IEnumerable<(string Service, string? Address)> Services =>
    [
        ("onboarding", configuration["Services:Onboarding"]),
        ("identity", configuration["Identity:Issuer"]),
        ("e-application", configuration["Services:EApplication"]),
        ("points", configuration["Services:Points"]),
        ("talent", configuration["Services:Talent"]),
    ];

    /// <summary>Each service's state for the town at <paramref name="version"/> (ready: it knows the town at that version or later).</summary>
    public async Task<IReadOnlyList<ServiceState>> StatesAsync(string code, long version, IReadOnlyCollection<string> enabled, CancellationToken ct)
    {
        var asked = Services.Where(s => s.Service is "onboarding" or "identity" || enabled.Contains(s.Service))
            .Select(async s => new ServiceState(s.Service, false, 0) is var none && s.Address is null ? none : await AskAsync(s.Service, s.Address!, code, version, ct));
        var states = (await Task.WhenAll(asked)).ToList();
        var portal = portalTowns.FindById(code);
        states.Add(new("portal", portal is not null && portal.Version >= version, portal?.Version ?? 0));
        return states;
    }

    private async Task<ServiceState> AskAsync(string service, string address, string code, long version, CancellationToken ct)
    {
        try
        {
            using var client = http.CreateClient(nameof(Provisioning));
            client.Timeout = TimeSpan.FromSeconds(3);
            var answer = await client.GetFromJsonAsync<RegistryAnswer>(new Uri(new Uri(address.EndsWith('/') ? address : address + "/"), $"towns/{Uri.EscapeDataString(code)}/registry"), ct);
            return new(service, answer is { Known: true } && answer.Version >= version, answer?.Version ?? 0);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or System.Text.Json.JsonException)
        {
            logger.LogInformation("{Service} did not say whether it knows {Town}: {Reason}", service, code, e.Message);
            return new(service, false, 0);
        }
    }

    private sealed record RegistryAnswer(bool Known, long Version);
}
