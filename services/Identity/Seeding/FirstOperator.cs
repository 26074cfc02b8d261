using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Tenancy;

namespace SharedServices.Identity.Seeding;

/// <summary>
/// The prefecture's first operator (運用担当), so a new installation can be signed into without
/// editing the database: while no operator account exists, <c>Identity:FirstOperator:LoginName</c>
/// and <c>Identity:FirstOperator:Password</c> (at least 12 characters) open one for the prefecture.
/// Like every operator it enrols an authenticator app at its first sign-in. Once an operator
/// exists the settings are ignored (a warning says to remove the password from the secrets),
/// so a restart never resets a password changed since.
/// </summary>
internal sealed class FirstOperator(IServiceScopeFactory scopes, IConfiguration configuration, ILogger<FirstOperator> logger) : IHostedService
{
    public const string LoginNameKey = "Identity:FirstOperator:LoginName";
    public const string PasswordKey = "Identity:FirstOperator:Password";
    public const string DisplayNameKey = "Identity:FirstOperator:DisplayName";

    private const int MinimumPasswordLength = 12;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (configuration[LoginNameKey] is not { Length: > 0 } loginName)
        {
            return;
        }
        await using var scope = scopes.CreateAsyncScope();
        var database = scope.ServiceProvider.GetRequiredService<IdentityDatabase>();
        if (await database.Accounts.AnyAsync(a => a.Kind == AccountKind.Operator, cancellationToken))
        {
            if (configuration[PasswordKey] is { Length: > 0 })
            {
                logger.LogWarning("An operator account exists: {Key} is ignored and can be removed from the secrets.", PasswordKey);
            }
            return;
        }
        var password = configuration[PasswordKey] is { Length: >= MinimumPasswordLength } value
            ? value
            : throw new InvalidOperationException($"{LoginNameKey} is set but {PasswordKey} is missing or shorter than {MinimumPasswordLength} characters.");
        var prefecture = Prefecture.From(configuration);
        var displayName = configuration[DisplayNameKey] is { Length: > 0 } name ? name : $"{configuration["Platform:PrefectureNameJa"]} 運用担当".Trim();
        var hasher = scope.ServiceProvider.GetRequiredService<IPasswordHasher<Account>>();
        database.Accounts.Add(Account.Open(loginName, AccountKind.Operator, prefecture.Code, displayName, password, hasher));
        await database.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Opened the first operator account {LoginName} for {Prefecture}: it enrols an authenticator app at its first sign-in.",
            Account.Normalise(loginName), prefecture.Code);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
