using System.Security.Cryptography;
using System.Text;

namespace SharedServices.Points.Cards;

/// <summary>
/// A printed point card (ポイントカード) for a resident without a smartphone, as chiica does: the town
/// prints it and mails it; a merchant scans its QR code and the resident confirms with a PIN. The card
/// number starts with the town's code, so a scan finds the town; the PIN is kept only as a salted hash
/// and five wrong PINs in a row lock the card until the town issues a new one.
/// </summary>
public sealed class PointCard
{
    public const int MaxFailedAttempts = 5;

    /// <summary>What the card's QR code holds: a prefix and the card number.</summary>
    public const string QrPrefix = "SSPC1:";

    /// <summary>The card number (16 digits: the town's 6-digit code, 9 random digits, a Luhn check digit).</summary>
    public string Id { get; set; } = "";

    public string ResidentId { get; set; } = "";

    public string PinSalt { get; set; } = "";

    public string PinHash { get; set; } = "";

    public int FailedAttempts { get; set; }

    public DateTimeOffset IssuedAt { get; set; }

    public DateTimeOffset? LockedAt { get; set; }

    public DateTimeOffset? LastTriedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsUsable => LockedAt is null && RevokedAt is null;

    public static (PointCard Card, string Pin) Issue(string town, string residentId, DateTimeOffset now)
    {
        var body = town + RandomNumberGenerator.GetInt32(0, 1_000_000_000).ToString("000000000", System.Globalization.CultureInfo.InvariantCulture);
        var pin = RandomNumberGenerator.GetInt32(0, 10_000).ToString("0000", System.Globalization.CultureInfo.InvariantCulture);
        var salt = RandomNumberGenerator.GetBytes(16);
        return (new PointCard
        {
            Id = body + CheckDigit.Luhn(body), ResidentId = residentId, PinSalt = Convert.ToBase64String(salt),
            PinHash = Convert.ToBase64String(Hash(pin, salt)), IssuedAt = now,
        }, pin);
    }

    public bool PinMatches(string pin) =>
        CryptographicOperations.FixedTimeEquals(Hash(pin, Convert.FromBase64String(PinSalt)), Convert.FromBase64String(PinHash));

    private static byte[] Hash(string pin, byte[] salt) =>
        Rfc2898DeriveBytes.Pbkdf2(Encoding.UTF8.GetBytes(pin), salt, 100_000, HashAlgorithmName.SHA256, 32);

    /// <summary>The card number in a scanned QR code (<c>SSPC1:</c> and the number) or as typed; null when it is not one.</summary>
    public static string? NumberFrom(string? scannedOrTyped)
    {
        var text = scannedOrTyped?.Trim();
        if (text is null)
        {
            return null;
        }
        if (text.StartsWith(QrPrefix, StringComparison.Ordinal))
        {
            text = text[QrPrefix.Length..];
        }
        text = text.Replace(" ", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        return text is { Length: 16 } && text.All(char.IsAsciiDigit) && text[15] - '0' == CheckDigit.Luhn(text[..15]) ? text : null;
    }

    public static string TownOf(string number) => number[..6];

    public static string Grouped(string number) => string.Join(' ', Enumerable.Range(0, 4).Select(i => number.Substring(i * 4, 4)));
}
