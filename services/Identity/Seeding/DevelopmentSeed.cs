using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;

namespace SharedServices.Identity.Seeding;

/// <summary>
/// Development only: the demo accounts (created once), so a fresh machine can sign in at once. The
/// operator, town admin and staff have no authenticator app yet: they enrol one at their first
/// sign-in. Passwords come from configuration (appsettings.Development.json). The clients are not
/// made here but by <see cref="PlatformClients"/>, in every environment; elsewhere the first operator
/// comes from <see cref="FirstOperator"/>.
/// </summary>
internal sealed class DevelopmentSeed(IServiceScopeFactory scopes, IConfiguration configuration) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var services = scope.ServiceProvider;
        await SeedAccounts(services.GetRequiredService<IdentityDatabase>(), services.GetRequiredService<IPasswordHasher<Account>>(), cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

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
