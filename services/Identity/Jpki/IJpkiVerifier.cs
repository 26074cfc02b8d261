namespace SharedServices.Identity.Jpki;

/// <summary>
/// What a JPKI client (a card reader app, or a smartphone reading the マイナンバーカード) sends once the
/// resident has entered the card's 署名用パスワード: the card's 署名用電子証明書 and its signature
/// over the challenge this service gave. The certificate carries the 基本4情報, never the マイナンバー.
/// </summary>
public sealed record JpkiSignatureEvidence(string Certificate, string Signature, string Challenge);

/// <summary>What a verifier concluded about a <see cref="JpkiSignatureEvidence"/>.</summary>
public abstract record JpkiVerification
{
    /// <summary>The signature is the card's, over our challenge, and its certificate chains to J-LIS and is not revoked.</summary>
    public sealed record Verified(string Issuer, string SerialNumber) : JpkiVerification;

    /// <summary>Not verified; <paramref name="Reason"/> is shown to the resident (Japanese, English in parentheses).</summary>
    public sealed record Refused(string Reason) : JpkiVerification;
}

/// <summary>
/// Checks a JPKI signature (公的個人認証サービス): the signature over the challenge, the certificate's
/// chain to the J-LIS CA and its revocation status. A real one goes through a 署名検証者 or a
/// プラットフォーム事業者; none is available here, so outside Development none is registered and
/// identity verification by card is not offered.
/// </summary>
public interface IJpkiVerifier
{
    /// <summary>Recorded on the account as the verifier that raised its level.</summary>
    string Name { get; }

    Task<JpkiVerification> VerifyAsync(JpkiSignatureEvidence evidence, CancellationToken cancellationToken);
}
