using System.Net;
using System.Net.Http.Json;
using SharedServices.Onboarding;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>
/// The identity service and the onboarding service as two hosts with their own databases, joined
/// only by a RabbitMQ virtual host (as in production): towns onboarded through the operator API reach
/// the identity service's registry, its invitations and the portal client's redirect URIs.
/// </summary>
public sealed class TownsFixture : IdentityFixture
{
    /// <summary>The portal's port in these tests: nothing listens there, only redirect URIs name it.</summary>
    public const int PortalPort = 5199;

    private TestDatabase _onboardingDatabase = null!;

    public ServiceHost<OnboardingService> Onboarding { get; private set; } = null!;

    /// <summary>A prefecture operator's client of the onboarding service (the seeded operator's token, with TOTP).</summary>
    public HttpClient Operator { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync(); // the identity service first: its queues exist before anything is published
        _onboardingDatabase = await TestDatabase.CreateAsync("idonboarding");
        Onboarding = new ServiceHost<OnboardingService>(_onboardingDatabase, VirtualHost,
            new Dictionary<string, string?>
            {
                ["Identity:Issuer"] = Identity.Address.ToString(),
                // An offboarded town's data is deleted at once (TownAccountsDeletionTests), checked each second.
                ["Onboarding:RetentionDays"] = "0",
                ["Onboarding:RetentionCheckSeconds"] = "1",
            });
        Operator = Onboarding.CreateClient();
        using var browser = NewBrowser();
        Operator.DefaultRequestHeaders.Authorization = new("Bearer",
            await browser.SignInForAccessToken(OperatorLogin, OperatorPassword, new TotpAuthenticator()));
    }

    protected override IEnumerable<KeyValuePair<string, string?>> MoreSettings() =>
    [
        new("Identity:PortalClient:BaseUrlTemplates:0", $"http://{{slug}}.localhost:{PortalPort}/"),
        new("Identity:PortalClient:BaseUrlTemplates:1", $"http://localhost:{PortalPort}/t/{{slug}}/"),
        // The prefecture's as in Development, where OidcBrowser's redirect URI points.
        new("Identity:PortalClient:PrefectureBaseUrl", "http://localhost:5100/"),
    ];

    /// <summary>Onboards a town through the operator API, with a first admin if given.</summary>
    public async Task Onboard(string code, string slug, string nameEn, object? firstAdmin = null, string primaryColor = "#1F5FA8", string accentColor = "#F2F6FB")
    {
        var response = await Operator.PostAsJsonAsync("/operator/municipalities", new
        {
            code, slug, nameEn, branding = new { primaryColor, accentColor }, firstAdmin,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>As <see cref="Onboard"/>, for a town several tests share: onboarded by the first, already there for the others.</summary>
    public async Task OnboardShared(string code, string slug, string nameEn, string primaryColor = "#1F5FA8", string accentColor = "#F2F6FB")
    {
        var response = await Operator.PostAsJsonAsync("/operator/municipalities", new { code, slug, nameEn, branding = new { primaryColor, accentColor } });
        Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, await response.Content.ReadAsStringAsync());
    }

    public override async ValueTask DisposeAsync()
    {
        Operator.Dispose();
        await Onboarding.DisposeAsync();
        await _onboardingDatabase.DisposeAsync();
        await base.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class OnboardedTowns : ICollectionFixture<TownsFixture>
{
    public const string Name = "towns";
}
