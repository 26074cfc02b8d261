using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;

namespace SharedServices.Identity.Server;

/// <summary>
/// The keys that sign tokens and encrypt codes and refresh tokens. Development: OpenIddict's
/// development certificates (made once, kept in the user's certificate store). Anywhere else:
/// PKCS#12 files named in configuration, read at start-up, or the service refuses to start; there
/// the encryption certificate also encrypts the Data Protection key ring (cookies, TOTP secrets) kept
/// in the database, so a copy of the database alone does not open it.
/// </summary>
internal sealed class ServerCertificates
{
    private readonly X509Certificate2? _signing;
    private readonly X509Certificate2? _encryption;

    private ServerCertificates(X509Certificate2? signing, X509Certificate2? encryption)
    {
        _signing = signing;
        _encryption = encryption;
    }

    public static ServerCertificates Load(IHostApplicationBuilder builder)
    {
        if (builder.Environment.IsDevelopment())
        {
            return new(null, null);
        }
        var certificates = new ServerCertificates(
            Load(builder.Configuration, "Identity:SigningCertificatePath", "Identity:SigningCertificatePassword"),
            Load(builder.Configuration, "Identity:EncryptionCertificatePath", "Identity:EncryptionCertificatePassword"));
        builder.Services.AddDataProtection().ProtectKeysWithCertificate(certificates._encryption!);
        return certificates;
    }

    public OpenIddictServerBuilder AddTo(OpenIddictServerBuilder server) =>
        _signing is null || _encryption is null
            ? server.AddDevelopmentSigningCertificate().AddDevelopmentEncryptionCertificate()
            : server.AddSigningCertificate(_signing).AddEncryptionCertificate(_encryption);

    private static X509Certificate2 Load(IConfiguration configuration, string pathKey, string passwordKey)
    {
        var path = configuration[pathKey];
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new InvalidOperationException(
                $"{pathKey} is not set. Outside Development the identity service signs and encrypts with certificates from PKCS#12 files: set {pathKey} and {passwordKey}.");
        }
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{pathKey} names '{path}', which does not exist.");
        }
        return X509CertificateLoader.LoadPkcs12FromFile(path, configuration[passwordKey], X509KeyStorageFlags.EphemeralKeySet);
    }
}
