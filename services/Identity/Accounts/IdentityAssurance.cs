using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace SharedServices.Identity.Accounts;

/// <summary>
/// 身元確認保証レベル (identity assurance level), as in the government's guideline
/// 行政手続におけるオンラインによる本人確認の手法に関するガイドライン.
/// </summary>
public enum AssuranceLevel
{
    /// <summary>IAL1: the person said who they are; nothing was checked.</summary>
    Ial1 = 1,
    /// <summary>IAL2: identity evidence checked remotely or in person (not offered yet).</summary>
    Ial2 = 2,
    /// <summary>IAL3: verified with the マイナンバーカード's 署名用電子証明書 (JPKI).</summary>
    Ial3 = 3,
}

/// <summary>
/// How sure the platform is of who an account's owner is: the level, how it was reached, when and by
/// which verifier. A card is remembered only by a SHA-256 of its certificate's issuer and serial
/// number, enough to recognise it again; never by a マイナンバー, which the platform does not keep.
/// </summary>
public sealed record IdentityAssurance(
    AssuranceLevel Level, string Method, DateTimeOffset? VerifiedAt, string? Verifier, string? CardFingerprint)
{
    public const string SelfAssertedMethod = "self-asserted";
    public const string JpkiSignatureMethod = "jpki-signature";

    /// <summary>Where every account starts: what its owner told us at registration.</summary>
    public static readonly IdentityAssurance SelfAsserted = new(AssuranceLevel.Ial1, SelfAssertedMethod, null, null, null);

    /// <summary>Verified by a JPKI signature: the card's owner signed with the card and its PIN.</summary>
    public static IdentityAssurance ByJpkiSignature(string issuer, string serialNumber, string verifier, DateTimeOffset at) =>
        new(AssuranceLevel.Ial3, JpkiSignatureMethod, at, verifier, CardFingerprintOf(issuer, serialNumber));

    public static string CardFingerprintOf(string issuer, string serialNumber) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(issuer + "\n" + serialNumber)));

    /// <summary>The <c>ial</c> claim: "1", "2" or "3".</summary>
    public string Claim => ((int)Level).ToString(CultureInfo.InvariantCulture);

    /// <summary>The <c>acr</c> claim: the level as an authentication context class reference.</summary>
    public string ContextClass => "urn:sharedservices:ial:" + Claim;
}
