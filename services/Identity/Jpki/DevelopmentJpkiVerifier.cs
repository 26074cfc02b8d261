namespace SharedServices.Identity.Jpki;

/// <summary>
/// A FAKE stand-in for JPKI verification, registered only in Development (and so in tests): it checks
/// no card, no signature and no certificate. It takes a simulated certificate serial number in place
/// of the certificate and the development PIN in place of the signature, and "verifies" any such pair.
/// </summary>
public sealed class DevelopmentJpkiVerifier : IJpkiVerifier
{
    /// <summary>The PIN the stand-in accepts (a real card's 署名用パスワード never reaches the server).</summary>
    public const string Pin = "DEV1234";

    public const string Issuer = "CN=Development JPKI stand-in (not J-LIS), O=SharedServices development";

    public string Name => "development-fake-jpki";

    public Task<JpkiVerification> VerifyAsync(JpkiSignatureEvidence evidence, CancellationToken cancellationToken)
    {
        JpkiVerification result = evidence.Signature != Pin
            ? new JpkiVerification.Refused("開発用PINが違います。(The development PIN is not correct.)")
            : !IsSerialNumber(evidence.Certificate)
                ? new JpkiVerification.Refused(
                    "模擬シリアル番号は英数字1〜40文字で入力してください。(The simulated serial number is 1 to 40 letters or digits.)")
                : new JpkiVerification.Verified(Issuer, evidence.Certificate.ToUpperInvariant());
        return Task.FromResult(result);
    }

    private static bool IsSerialNumber(string serial) => serial.Length is >= 1 and <= 40 && serial.All(char.IsAsciiLetterOrDigit);
}
