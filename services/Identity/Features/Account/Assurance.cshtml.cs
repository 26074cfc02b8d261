using System.Security.Cryptography;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using SharedServices.Identity.Accounts;
using SharedServices.Identity.Data;
using SharedServices.Identity.Jpki;

namespace SharedServices.Identity.Features.Account;

/// <summary>
/// /Account/Assurance: a signed-in resident raises their 身元確認保証レベル to IAL3 with the
/// マイナンバーカード's JPKI signature. The verifier decides; the account records the level, the
/// method, when, which verifier, and a fingerprint of the card's certificate (one card, one account).
/// A マイナンバー is refused wherever it is typed, and nothing of such a request is kept.
/// </summary>
[Authorize]
public sealed class AssuranceModel(
    IdentityDatabase database, IEnumerable<IJpkiVerifier> verifiers, IDataProtectionProvider dataProtection, TimeProvider clock) : PageModel
{
    public const string IndividualNumberMessage =
        "マイナンバー(個人番号)と思われる番号が入力されました。マイナンバーは入力しないでください。この入力は保存していません。" +
        "(What you entered looks like an individual number (マイナンバー). Never enter it: this service does not need it, and nothing you sent was kept.)";

    public const string NotAvailableMessage =
        "この環境ではマイナンバーカードによる本人確認は利用できません。" +
        "(Identity verification with the My Number Card is not available here.)";

    public const string ResidentsOnlyMessage =
        "マイナンバーカードによる本人確認は住民のアカウントのみ利用できます。" +
        "(Identity verification with the My Number Card is for residents' accounts.)";

    public const string ExpiredMessage =
        "ページの有効期限が切れました。もう一度お試しください。(This page has expired. Please try again.)";

    public const string CardInUseMessage =
        "このカードは既に別のアカウントの本人確認に使われています。(This card has already verified another account.)";

    public const string SerialRequiredMessage = "模擬シリアル番号を入力してください。(Enter the simulated serial number.)";
    public const string SerialTooLongMessage = "模擬シリアル番号は40文字以内で入力してください。(The simulated serial number has at most 40 characters.)";
    public const string PinRequiredMessage = "開発用PINを入力してください。(Enter the development PIN.)";
    public const string PinTooLongMessage = "PINは16文字以内で入力してください。(The PIN has at most 16 characters.)";

    private static readonly TimeSpan ChallengeLifetime = TimeSpan.FromMinutes(10);

    private readonly IJpkiVerifier? _verifier = verifiers.SingleOrDefault();

    private readonly ITimeLimitedDataProtector _challenges =
        dataProtection.CreateProtector("SharedServices.Identity.JpkiChallenge.v1").ToTimeLimitedDataProtector();

    /// <summary>Stands in for the 署名用電子証明書 in development: its serial number.</summary>
    [BindProperty]
    public string? CertificateSerial { get; set; }

    /// <summary>Stands in for the card's signature in development.</summary>
    [BindProperty]
    public string? Pin { get; set; }

    /// <summary>What the card signs: a nonce bound to this account, protected and short-lived.</summary>
    [BindProperty]
    public string? CardChallenge { get; set; }

    public Accounts.Account Account { get; private set; } = null!;

    public bool CanVerify => _verifier is not null && Account.Kind == AccountKind.Resident;

    public bool IsDevelopmentStandIn => _verifier is DevelopmentJpkiVerifier;

    public string? Error { get; private set; }

    public string? SerialError { get; private set; }

    public string? PinError { get; private set; }

    public bool Raised { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        if (await database.FindAccountAsync(User, cancellationToken) is not { } account)
        {
            return Challenge();
        }
        Account = account;
        return Answer(null);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        if (await database.FindAccountAsync(User, cancellationToken) is not { } account)
        {
            return Challenge();
        }
        Account = account;

        // First of all, before any field is read or echoed: nothing holding a マイナンバー goes further.
        if (Request.Form.Any(field => field.Key != "__RequestVerificationToken" && field.Value.Any(IndividualNumber.IsContainedIn)))
        {
            CertificateSerial = Pin = null;
            return Answer(IndividualNumberMessage);
        }
        if (_verifier is null)
        {
            return Answer(NotAvailableMessage);
        }
        if (account.Kind != AccountKind.Resident)
        {
            return Answer(ResidentsOnlyMessage);
        }

        var serial = CertificateSerial?.Trim() ?? "";
        var pin = Pin ?? "";
        SerialError = serial.Length switch { 0 => SerialRequiredMessage, > 40 => SerialTooLongMessage, _ => null };
        PinError = pin.Length switch { 0 => PinRequiredMessage, > 16 => PinTooLongMessage, _ => null };
        if (SerialError is not null || PinError is not null)
        {
            return Answer(null);
        }
        if (ReadChallenge(account) is not { } challenge)
        {
            return Answer(ExpiredMessage);
        }

        switch (await _verifier.VerifyAsync(new JpkiSignatureEvidence(serial, pin, challenge), cancellationToken))
        {
            case JpkiVerification.Verified(var issuer, var serialNumber):
                var assurance = IdentityAssurance.ByJpkiSignature(issuer, serialNumber, _verifier.Name, clock.GetUtcNow());
                if (await database.Accounts.AnyAsync(a => a.Id != account.Id && a.Assurance.CardFingerprint == assurance.CardFingerprint, cancellationToken))
                {
                    return Answer(CardInUseMessage);
                }
                account.Assure(assurance);
                await database.SaveChangesAsync(cancellationToken);
                Raised = true;
                CertificateSerial = Pin = null;
                return Answer(null);
            case JpkiVerification.Refused(var reason):
                return Answer(reason);
            default:
                throw new InvalidOperationException("A verifier answers Verified or Refused.");
        }
    }

    /// <summary>The page, with <paramref name="error"/> if any, and a fresh challenge for the next try.</summary>
    private PageResult Answer(string? error)
    {
        Error = error;
        Pin = null;
        // The form shows the model's values, never the posted ones (which may be what was refused).
        ModelState.Clear();
        var nonce = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        CardChallenge = _challenges.Protect($"{Account.Id}|{nonce}", ChallengeLifetime);
        return Page();
    }

    /// <summary>The nonce of the challenge this page gave this account, if it is still valid.</summary>
    private string? ReadChallenge(Accounts.Account account)
    {
        try
        {
            var parts = _challenges.Unprotect(CardChallenge ?? "").Split('|');
            return parts is [var accountId, var nonce] && accountId == account.Id.ToString() ? nonce : null;
        }
        catch (CryptographicException)
        {
            return null; // tampered with, expired, or from another key ring
        }
    }
}
