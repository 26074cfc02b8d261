using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>Outside Development the keys come from certificate files, or the service does not start.</summary>
public sealed class CertificateTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private TestVirtualHost _virtualHost = null!;
    private readonly TestCertificates _certificates = new();

    public async ValueTask InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync("identitycert");
        _virtualHost = await TestVirtualHost.CreateAsync("identitycert");
    }

    [Fact]
    public async Task Without_certificate_files_the_service_refuses_to_start_saying_what_is_missing()
    {
        await using var host = new IdentityHost(_database, _virtualHost, environment: "Production");

        var failure = Assert.ThrowsAny<Exception>(() => host.Address);

        Assert.Contains("Identity:SigningCertificatePath is not set", Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_certificate_path_that_does_not_exist_is_named()
    {
        await using var host = new IdentityHost(_database, _virtualHost, new Dictionary<string, string?>
        {
            ["Identity:SigningCertificatePath"] = Path.Combine(_certificates.Folder, "missing.pfx"),
        }, environment: "Production");

        var failure = Assert.ThrowsAny<Exception>(() => host.Address);

        Assert.Contains("missing.pfx", Flatten(failure), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_certificate_files_it_signs_and_encrypts_with_them()
    {
        var signing = _certificates.Create("signing", X509KeyUsageFlags.DigitalSignature);
        var encryption = _certificates.Create("encryption", X509KeyUsageFlags.KeyEncipherment);
        await using var host = new IdentityHost(_database, _virtualHost, new Dictionary<string, string?>
        {
            ["Identity:SigningCertificatePath"] = signing.Path,
            ["Identity:SigningCertificatePassword"] = "pw",
            ["Identity:EncryptionCertificatePath"] = encryption.Path,
            ["Identity:EncryptionCertificatePassword"] = "pw",
            ["Identity:Clients:Portal:Secret"] = ProductionBootstrapTests.PortalSecret,
        }, environment: "Production");

        _ = host.Address;

        var options = host.Services.GetRequiredService<IOptionsMonitor<OpenIddictServerOptions>>().CurrentValue;
        Assert.Contains(options.SigningCredentials, c => c.Key is Microsoft.IdentityModel.Tokens.X509SecurityKey key && key.Certificate.Thumbprint == signing.Thumbprint);
        Assert.Contains(options.EncryptionCredentials, c => c.Key is Microsoft.IdentityModel.Tokens.X509SecurityKey key && key.Certificate.Thumbprint == encryption.Thumbprint);

        // The Data Protection key ring in the database is encrypted with the encryption certificate.
        using var client = host.CreateClient();
        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode); // a page with antiforgery: a key is made
        await using var connection = new Npgsql.NpgsqlConnection(_database.OwnerConnectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand("select string_agg(\"Xml\", '') from identity.data_protection_keys", connection);
        var xml = (string)(await command.ExecuteScalarAsync())!;
        Assert.Contains("EncryptedXml", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<masterKey", xml.Replace("<encryptedSecret", "", StringComparison.Ordinal), StringComparison.Ordinal);
    }

    internal static string Flatten(Exception exception) =>
        exception.InnerException is null ? exception.Message : exception.Message + " | " + Flatten(exception.InnerException);

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await _virtualHost.DisposeAsync();
        _certificates.Dispose();
    }
}
