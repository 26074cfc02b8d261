using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SharedServices.Identity.Tests;

/// <summary>Self-signed PKCS#12 files (password "pw") in a folder of their own, for the identity service outside Development.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ss-identity-certs").FullName;

    public string Folder => _folder;

    public (string Path, string Thumbprint) Create(string name, X509KeyUsageFlags usage)
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest($"CN=SharedServices identity test {name}", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, critical: true));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        var path = System.IO.Path.Combine(_folder, name + ".pfx");
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, "pw"));
        return (path, certificate.Thumbprint);
    }

    /// <summary>The settings of a signing and an encryption certificate, made now.</summary>
    public Dictionary<string, string?> Settings()
    {
        var signing = Create("signing", X509KeyUsageFlags.DigitalSignature);
        var encryption = Create("encryption", X509KeyUsageFlags.KeyEncipherment);
        return new()
        {
            ["Identity:SigningCertificatePath"] = signing.Path,
            ["Identity:SigningCertificatePassword"] = "pw",
            ["Identity:EncryptionCertificatePath"] = encryption.Path,
            ["Identity:EncryptionCertificatePassword"] = "pw",
        };
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
