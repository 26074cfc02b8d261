using OpenIddict.Abstractions;
using SharedServices.Identity.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SharedServices.Identity.Seeding;

/// <summary>
/// The platform's own OpenID Connect clients and its API scope, in every environment, brought in line
/// with configuration at every start: the portal (<c>Identity:Clients:Portal:Secret</c>, required) and,
/// when <c>Identity:Clients:OnboardingService:Secret</c> is set, the onboarding service's client
/// credentials client (removed again when the setting is). Changing a secret is a restart, not a
/// database edit. Outside Development a secret shorter than 32 characters stops the start.
/// </summary>
internal sealed class PlatformClients(IServiceScopeFactory scopes, IConfiguration configuration, IHostEnvironment environment) : IHostedService
{
    public const string PortalSecretKey = "Identity:Clients:Portal:Secret";
    public const string OnboardingServiceSecretKey = "Identity:Clients:OnboardingService:Secret";
    public const string OnboardingServiceClientId = "onboarding-service";

    private const int MinimumSecretLength = 32;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var portalSecret = Secret(PortalSecretKey) ?? throw new InvalidOperationException(
            $"{PortalSecretKey} is not set: the portal cannot sign anyone in without its client secret (the same value as the portal's Identity:Portal:ClientSecret).");
        var onboardingSecret = Secret(OnboardingServiceSecretKey);

        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await ApplyScope(services.GetRequiredService<IOpenIddictScopeManager>(), cancellationToken);
        var applications = services.GetRequiredService<IOpenIddictApplicationManager>();
        await Apply(applications, Portal(portalSecret), cancellationToken);
        if (onboardingSecret is not null)
        {
            await Apply(applications, OnboardingService(onboardingSecret), cancellationToken);
        }
        else if (await applications.FindByClientIdAsync(OnboardingServiceClientId, cancellationToken) is { } retired)
        {
            await applications.DeleteAsync(retired, cancellationToken);
        }
        await PortalClientRedirects.ApplyAsync(applications, PortalClientRedirects.BaseUrls([], configuration), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private string? Secret(string key)
    {
        if (configuration[key] is not { Length: > 0 } value)
        {
            return null;
        }
        if (!environment.IsDevelopment() && value.Length < MinimumSecretLength)
        {
            throw new InvalidOperationException($"{key} is {value.Length} characters long: a client secret needs at least {MinimumSecretLength} (e.g. openssl rand -base64 32).");
        }
        return value;
    }

    private static async Task ApplyScope(IOpenIddictScopeManager manager, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictScopeDescriptor { Name = PlatformScope.Name, DisplayName = "SharedServices platform API" };
        descriptor.Resources.UnionWith(PlatformScope.Audiences);
        var existing = await manager.FindByNameAsync(PlatformScope.Name, cancellationToken);
        await (existing is null
            ? manager.CreateAsync(descriptor, cancellationToken).AsTask()
            : manager.UpdateAsync(existing, descriptor, cancellationToken).AsTask());
    }

    private static async Task Apply(IOpenIddictApplicationManager manager, OpenIddictApplicationDescriptor descriptor, CancellationToken cancellationToken)
    {
        var existing = await manager.FindByClientIdAsync(descriptor.ClientId!, cancellationToken);
        await (existing is null
            ? manager.CreateAsync(descriptor, cancellationToken).AsTask()
            : manager.UpdateAsync(existing, descriptor, cancellationToken).AsTask());
    }

    // The portal: a server-rendered web app, so a confidential client (its secret stays on the
    // server), code flow with PKCE as well. Its redirect URIs follow the registry's towns
    // (PortalClientRedirects); set for the prefecture's address here.
    private static OpenIddictApplicationDescriptor Portal(string secret) => new()
    {
        ClientId = PortalClientRedirects.ClientId,
        ClientSecret = secret,
        ClientType = ClientTypes.Confidential,
        ApplicationType = ApplicationTypes.Web,
        // First-party: no consent screen (the authorization endpoint checks this).
        ConsentType = ConsentTypes.Implicit,
        DisplayName = "SharedServices portal",
        Permissions =
        {
            Permissions.Endpoints.Authorization,
            Permissions.Endpoints.Token,
            Permissions.Endpoints.EndSession,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.AuthorizationCode,
            Permissions.GrantTypes.RefreshToken,
            Permissions.ResponseTypes.Code,
            Permissions.Scopes.Profile,
            Permissions.Prefixes.Scope + PlatformScope.Name,
        },
        Requirements = { Requirements.Features.ProofKeyForCodeExchange },
    };

    // The onboarding service calling other services on its own behalf.
    private static OpenIddictApplicationDescriptor OnboardingService(string secret) => new()
    {
        ClientId = OnboardingServiceClientId,
        ClientSecret = secret,
        ClientType = ClientTypes.Confidential,
        ConsentType = ConsentTypes.Implicit,
        DisplayName = "Onboarding service",
        Permissions =
        {
            Permissions.Endpoints.Token,
            Permissions.Endpoints.Revocation,
            Permissions.GrantTypes.ClientCredentials,
            Permissions.Prefixes.Scope + PlatformScope.Name,
        },
    };
}
