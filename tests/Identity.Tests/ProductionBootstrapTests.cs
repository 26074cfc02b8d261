using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using OpenIddict.Abstractions;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>
/// A new installation outside Development: no demo accounts, the platform's clients from
/// configuration, and the prefecture's first operator from two secrets, opened once.
/// </summary>
public sealed class ProductionBootstrapTests : IAsyncLifetime
{
    public const string PortalSecret = "portal-production-test-secret-0123456789";
    private const string OperatorLogin = "Operator@Pref.Example.jp";
    private const string OperatorPassword = "first-operator-password";

    private readonly TestCertificates _certificates = new();
    private TestDatabase _database = null!;
    private TestVirtualHost _virtualHost = null!;

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("identityboot");
        _virtualHost = await TestVirtualHost.CreateAsync("identityboot");
    }

    [Fact]
    public async Task A_new_installation_has_the_portal_client_and_one_operator_who_must_enrol_an_app()
    {
        await using var host = Start(new()
        {
            ["Identity:FirstOperator:LoginName"] = OperatorLogin,
            ["Identity:FirstOperator:Password"] = OperatorPassword,
        });

        var accounts = await Accounts(host);
        var only = Assert.Single(accounts);
        Assert.Equal("operator@pref.example.jp", only.LoginName);
        Assert.Equal(AccountKind.Operator, only.Kind);
        Assert.Equal(TestEnvironment.PrefectureCode, only.TenantCode);
        Assert.False(only.HasTotp);
        Assert.True(await PortalSecretIsAsync(host, PortalSecret));
        Assert.Null(await ClientAsync(host, "onboarding-service"));

        // The password signs in to the enrolment of an authenticator app, not further.
        using var browser = new OidcBrowser(host.Address);
        var signedIn = await browser.SubmitLogin(new Uri("/Account/Login?ReturnUrl=%2F", UriKind.Relative), OperatorLogin, OperatorPassword);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/Account/EnrollTotp", signedIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_restart_with_other_settings_changes_no_operator_and_follows_the_client_secrets()
    {
        await using (var first = Start(new()
        {
            ["Identity:FirstOperator:LoginName"] = OperatorLogin,
            ["Identity:FirstOperator:Password"] = OperatorPassword,
            ["Identity:Clients:OnboardingService:Secret"] = "onboarding-production-test-secret-012345",
        }))
        {
            Assert.NotNull(await ClientAsync(first, "onboarding-service"));
        }

        const string newPortalSecret = "a-rotated-portal-secret-0123456789abcdef";
        await using var second = Start(new()
        {
            ["Identity:Clients:Portal:Secret"] = newPortalSecret,
            ["Identity:FirstOperator:LoginName"] = "someone-else@pref.example.jp",
            ["Identity:FirstOperator:Password"] = "another-password-entirely",
        });

        var operatorAccount = Assert.Single(await Accounts(second));
        Assert.Equal("operator@pref.example.jp", operatorAccount.LoginName);
        var hasher = second.Services.GetRequiredService<IPasswordHasher<Account>>();
        Assert.NotEqual(PasswordVerificationResult.Failed, hasher.VerifyHashedPassword(operatorAccount, operatorAccount.PasswordHash, OperatorPassword));
        Assert.True(await PortalSecretIsAsync(second, newPortalSecret));
        Assert.False(await PortalSecretIsAsync(second, PortalSecret));
        Assert.Null(await ClientAsync(second, "onboarding-service"));
    }

    [Theory]
    [InlineData(null, "Identity:Clients:Portal:Secret is not set")]
    [InlineData("too-short", "Identity:Clients:Portal:Secret is 9 characters long")]
    public async Task Without_a_proper_portal_secret_it_refuses_to_start_saying_so(string? secret, string expected)
    {
        await using var host = Start(new() { ["Identity:Clients:Portal:Secret"] = secret });

        var failure = Assert.ThrowsAny<Exception>(() => host.Address);

        Assert.Contains(expected, CertificateTests.Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_operator_without_a_long_enough_password_stops_the_start_and_opens_nothing()
    {
        await using var host = Start(new()
        {
            ["Identity:FirstOperator:LoginName"] = OperatorLogin,
            ["Identity:FirstOperator:Password"] = "short",
        });

        var failure = Assert.ThrowsAny<Exception>(() => host.Address);

        Assert.Contains("Identity:FirstOperator:Password is missing or shorter than 12", CertificateTests.Flatten(failure), StringComparison.Ordinal);
        await using var connection = new Npgsql.NpgsqlConnection(_database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var count = new Npgsql.NpgsqlCommand("select count(*) from identity.accounts", connection);
        Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
    }

    private IdentityHost Start(Dictionary<string, string?> settings)
    {
        var all = _certificates.Settings();
        all["Identity:Clients:Portal:Secret"] = PortalSecret;
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }
        return new IdentityHost(_database, _virtualHost, all, environment: "Production");
    }

    private static async Task<List<Account>> Accounts(IdentityHost host)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IdentityDatabase>().Accounts.AsNoTracking().ToListAsync();
    }

    private static async Task<object?> ClientAsync(IdentityHost host, string clientId)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>().FindByClientIdAsync(clientId);
    }

    private static async Task<bool> PortalSecretIsAsync(IdentityHost host, string secret)
    {
        await using var scope = host.Services.CreateAsyncScope();
        var applications = scope.ServiceProvider.GetRequiredService<IOpenIddictApplicationManager>();
        var portal = await applications.FindByClientIdAsync("portal") ?? throw new InvalidOperationException("no portal client");
        return await applications.ValidateClientSecretAsync(portal, secret);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await _virtualHost.DisposeAsync();
        _certificates.Dispose();
    }
}
