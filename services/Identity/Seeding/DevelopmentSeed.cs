using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using OpenIddict.Abstractions;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Identity.Server;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace SharedServices.Identity.Seeding;

/// <summary>
/// Development only: the platform's clients and scopes (brought in line with this file at every
/// start) and the demo accounts (created once), so a fresh machine can sign in at once. The town
/// admin and staff have no authenticator app yet: they enrol one at their first sign-in.
/// Passwords and the client secret come from configuration (appsettings.Development.json).
/// </summary>
internal sealed class DevelopmentSeed(IServiceScopeFactory scopes, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await SeedScope(services.GetRequiredService<IOpenIddictScopeManager>(), cancellationToken);
        await SeedClients(services.GetRequiredService<IOpenIddictApplicationManager>(), cancellationToken);
        await SeedAccounts(services.GetRequiredService<IdentityDatabase>(), services.GetRequiredService<IPasswordHasher<Account>>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task SeedScope(IOpenIddictScopeManager manager, CancellationToken cancellationToken)
    {
        var descriptor = new OpenIddictScopeDescriptor { Name = PlatformScope.Name, DisplayName = "SharedServices platform API" };
        descriptor.Resources.UnionWith(PlatformScope.Audiences);
        var existing = await manager.FindByNameAsync(PlatformScope.Name, cancellationToken);
        await (existing is null
            ? manager.CreateAsync(descriptor, cancellationToken).AsTask()
            : manager.UpdateAsync(existing, descriptor, cancellationToken).AsTask());
    }

    private async Task SeedClients(IOpenIddictApplicationManager manager, CancellationToken cancellationToken)
    {
        // The portal: a server-rendered web app, so a confidential client (its secret stays on the
        // server), code flow with PKCE as well. Its redirect URIs follow the registry's towns
        // (PortalClientRedirects); created with the prefecture's here.
        var portal = new OpenIddictApplicationDescriptor
        {
            ClientId = PortalClientRedirects.ClientId,
            ClientSecret = Required("Identity:Seed:PortalSecret"),
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
        var onboarding = new OpenIddictApplicationDescriptor
        {
            ClientId = "onboarding-service",
            ClientSecret = Required("Identity:Seed:OnboardingServiceSecret"),
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

        foreach (var descriptor in new[] { portal, onboarding })
        {
            var existing = await manager.FindByClientIdAsync(descriptor.ClientId!, cancellationToken);
            await (existing is null
                ? manager.CreateAsync(descriptor, cancellationToken).AsTask()
                : manager.UpdateAsync(existing, descriptor, cancellationToken).AsTask());
        }
        await PortalClientRedirects.ApplyAsync(manager, PortalClientRedirects.BaseUrls([], configuration), cancellationToken);
    }

    private async Task SeedAccounts(IdentityDatabase database, IPasswordHasher<Account> hasher, CancellationToken cancellationToken)
    {
        Account[] demo =
        [
            Account.Open("operator@pref.yamagata.example", AccountKind.Operator, "060003", "山形県 運用担当",
                Required("Identity:Seed:OperatorPassword"), hasher),
            Account.Open("resident@kaneyama.example", AccountKind.Resident, "063614", "金山 花子",
                Required("Identity:Seed:ResidentPassword"), hasher),
            Account.Open("admin@kaneyama.example", AccountKind.TownAdmin, "063614", "金山町 管理者",
                Required("Identity:Seed:TownAdminPassword"), hasher),
            Account.Open("staff@kaneyama.example", AccountKind.TownStaff, "063614", "金山町 職員",
                Required("Identity:Seed:TownStaffPassword"), hasher),
            // A merchant (加盟店) belongs to the prefecture, not a town: it serves residents of several towns.
            Account.Open("merchant@kaneyama.example", AccountKind.Merchant, "060003", "金山町 ふれあい商店",
                Required("Identity:Seed:MerchantPassword"), hasher),
            // A person of the prefecture's talent registry (デジタル人材) belongs to no town: they work for several.
            Account.Open("talent@pref.yamagata.example", AccountKind.Talent, null, "山形 デジ子",
                Required("Identity:Seed:TalentPassword"), hasher),
        ];
        foreach (var account in demo)
        {
            // Created once: a password changed since is left alone.
            if (!await database.Accounts.AnyAsync(a => a.LoginName == account.LoginName, cancellationToken))
            {
                database.Accounts.Add(account);
            }
        }
        await database.SaveChangesAsync(cancellationToken);
    }

    private string Required(string key) =>
        configuration[key] is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{key} is not set (appsettings.Development.json): the development seed needs it.");
}
