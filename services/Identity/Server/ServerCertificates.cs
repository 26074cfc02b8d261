using System.Security.Cryptography.X509Certificates;

namespace SharedServices.Identity.Server;

/// <summary>
/// The keys that sign tokens and encrypt codes and refresh tokens. Development: OpenIddict's
/// development certificates (made once, kept in the user's certificate store). Anywhere else:
/// PKCS#12 files named in configuration, or the service refuses to start.
/// </summary>
internal static class ServerCertificates
{
    public static OpenIddictServerBuilder AddCertificates(this OpenIddictServerBuilder server, IConfiguration configuration, IHostEnvironment environment)
    {
        if (environment.IsDevelopment())
        {
            return server.AddDevelopmentSigningCertificate().AddDevelopmentEncryptionCertificate();
        }
        return server
            .AddSigningCertificate(Load(configuration, "Identity:SigningCertificatePath", "Identity:SigningCertificatePassword"))
            .AddEncryptionCertificate(Load(configuration, "Identity:EncryptionCertificatePath", "Identity:EncryptionCertificatePassword"));
    }

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
