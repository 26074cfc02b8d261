using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using SharedServices.Onboarding;
using SharedServices.Portal;
using SharedServices.Testing;

namespace SharedServices.Portal.Tests;

/// <summary>
/// Onboarding and the portal on Kestrel, two towns with different branding onboarded through the
/// operator API, and Debian's Chromium driven by Playwright (no downloaded browser).
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private TestDatabase _onboardingDatabase = null!;
    private TestDatabase _portalDatabase = null!;
    private TestVirtualHost _virtualHost = null!;
    private ServiceHost<OnboardingService> _onboarding = null!;
    private ServiceHost<PortalService> _portal = null!;
    private IPlaywright _playwright = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The portal's port on loopback; Chromium resolves <c>{slug}.localhost</c> to loopback itself.</summary>
    public int Port { get; private set; }

    public string TownUrl(string slug, string path = "/") => $"http://{slug}.localhost:{Port}{path}";

    public string PrefectureUrl(string path = "/") => $"http://127.0.0.1:{Port}{path}";

    public async ValueTask InitializeAsync()
    {
        _onboardingDatabase = await TestDatabase.CreateAsync("ponboarding");
        _portalDatabase = await TestDatabase.CreateAsync("pportal");
        _virtualHost = await TestVirtualHost.CreateAsync("portal");
        _onboarding = new ServiceHost<OnboardingService>(_onboardingDatabase, _virtualHost);
        _portal = new ServiceHost<PortalService>(_portalDatabase, _virtualHost);
        _portal.StartServer();
        using var portal = _portal.CreateClient();
        Port = portal.BaseAddress!.Port;

        using var operatorClient = _onboarding.CreateClient();
        operatorClient.DefaultRequestHeaders.Add("X-Dev-Operator-Key", "dev-operator-key");
        await Onboard(operatorClient, new { code = "063614", slug = "kaneyama", nameEn = "Kaneyama Town", branding = new { primaryColor = "#2E6B30", accentColor = "#EEF6EE" }, enabledServices = new[] { "e-application", "points" } });
        // A light brand colour: the shell must switch to dark text to keep the contrast.
        await Onboard(operatorClient, new { code = "063657", slug = "okura", nameEn = "Okura Village", branding = new { primaryColor = "#F4D03F", accentColor = "#FFF9E0" }, enabledServices = new[] { "e-application" } });
        foreach (var slug in new[] { "kaneyama", "okura" })
        {
            using var town = _portal.CreateClientForHost($"{slug}.localhost");
            await Eventually.Until(() => town.GetAsync("/api/town"), r => r.IsSuccessStatusCode, what: $"{slug} on the portal");
        }

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            // The machine has no network beyond loopback: keep Chromium from calling home.
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    private static async Task Onboard(HttpClient client, object town)
    {
        var response = await client.PostAsJsonAsync("/operator/municipalities", town);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"Onboarding failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
        await _portal.DisposeAsync();
        await _onboarding.DisposeAsync();
        await _portalDatabase.DisposeAsync();
        await _onboardingDatabase.DisposeAsync();
        await _virtualHost.DisposeAsync();
    }
}
