using System.Text;
using Microsoft.AspNetCore.DataProtection;
using OtpNet;

namespace SharedServices.Identity.Accounts;

/// <summary>
/// TOTP secrets (RFC 6238 with what every authenticator app reads by default: SHA-1, 6 digits, 30 seconds).
/// Stored protected with ASP.NET Core Data Protection, whose key ring lives in the identity database.
/// </summary>
public sealed class TotpSecrets(IDataProtectionProvider dataProtection)
{
    /// <summary>The issuer an authenticator app shows beside the account.</summary>
    public const string Issuer = "SharedServices";

    private readonly IDataProtector _protector = dataProtection.CreateProtector("SharedServices.Identity.TotpSecret.v1");

    /// <summary>A new random secret (160 bits, RFC 4226's recommendation), in base32 as apps take it.</summary>
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    public string Protect(string secret) => _protector.Protect(secret);

    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);

    /// <summary>The <c>otpauth://totp/…</c> URI an app scans (as a QR code) or opens.</summary>
    public static string EnrolmentUri(string secret, string loginName) =>
        new OtpUri(OtpType.Totp, secret, loginName, Issuer).ToString();

    /// <summary>
    /// The code as typed, as six ASCII digits (full-width digits and spaces, as some apps show
    /// "123 456", are accepted); null when it is anything else.
    /// </summary>
    public static string? ReadCode(string? typed)
    {
        var code = (typed ?? "").Normalize(NormalizationForm.FormKC).Replace(" ", "", StringComparison.Ordinal);
        return code.Length == 6 && code.All(char.IsAsciiDigit) ? code : null;
    }

    /// <summary>
    /// The time step whose code <paramref name="code"/> is, looking one step either side of now for
    /// clocks a little apart; null when it is none of them.
    /// </summary>
    public static long? MatchingTimeStep(string secret, string code, DateTimeOffset now) =>
        new Totp(Base32Encoding.ToBytes(secret)).VerifyTotp(now.UtcDateTime, code, out var step, new VerificationWindow(previous: 1, future: 1))
            ? step
            : null;
}
