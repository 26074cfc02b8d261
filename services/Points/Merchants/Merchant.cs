using System.Security.Cryptography;

namespace SharedServices.Points.Merchants;

/// <summary>Merchant categories (業種) a campaign may allow.</summary>
public static class MerchantCategories
{
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        ["food"] = "食料品 (groceries)",
        ["restaurant"] = "飲食店 (restaurants)",
        ["retail"] = "小売・日用品 (shops)",
        ["service"] = "理美容・サービス (services)",
        ["medical"] = "医療・薬局 (pharmacies, clinics)",
        ["transport"] = "交通・燃料 (transport, fuel)",
        ["lodging"] = "宿泊・観光 (lodging, tourism)",
    };
}

/// <summary>Where a town transfers what a merchant is owed: a bank account as 全銀 transfers name it.</summary>
/// <param name="BankCode">金融機関コード, 4 digits.</param>
/// <param name="BranchCode">支店コード, 3 digits.</param>
/// <param name="AccountType">預金種目: 1 普通, 2 当座, 4 貯蓄.</param>
/// <param name="AccountNumber">口座番号, 7 digits.</param>
/// <param name="HolderKana">受取人名 in 半角カナ as the bank holds it.</param>
public sealed record PayoutAccount(string BankCode, string BranchCode, int AccountType, string AccountNumber, string HolderKana);

/// <summary>
/// A merchant (加盟店), registered once for the whole prefecture (stored in the prefecture's tenant):
/// a shop near a town border serves residents of several towns. Each town chooses to accept it
/// (<see cref="AcceptingTowns"/>); a spend is charged to the town that issued the points.
/// </summary>
public sealed class Merchant
{
    public string Id { get; set; } = "";

    /// <summary>加盟店コード: 8 digits, the last a check digit, that residents type or scan (QR) to pay.</summary>
    public string Code { get; set; } = "";

    public string Name { get; set; } = "";

    public string Category { get; set; } = "";

    /// <summary>法人番号 (13 digits) of a company; null for a 個人事業主.</summary>
    public string? CorporateNumber { get; set; }

    public bool SoleProprietor => CorporateNumber is null;

    public PayoutAccount Payout { get; set; } = null!;

    /// <summary>The merchant's sign-in (their login name at the identity service).</summary>
    public string LoginEmail { get; set; } = "";

    /// <summary>The town (its code) or the prefecture that registered it.</summary>
    public string RegisteredBy { get; set; } = "";

    public DateTimeOffset RegisteredAt { get; set; }

    public List<string> AcceptingTowns { get; set; } = [];

    public bool IsAcceptedBy(string town) => AcceptingTowns.Contains(town);

    public static string NewCode()
    {
        var body = RandomNumberGenerator.GetInt32(1_000_000, 10_000_000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return body + CheckDigit.Luhn(body);
    }

    /// <summary>A well-formed 加盟店コード: 8 digits whose last is the Luhn check digit of the first seven (catches a mistyped digit).</summary>
    public static bool IsWellFormedCode(string? code) =>
        code is { Length: 8 } && code.All(char.IsAsciiDigit) && code[7] - '0' == CheckDigit.Luhn(code[..7]);

    /// <summary>法人番号: 13 digits, the first a check digit (国税庁: 9 − (Σ Pn×Qn mod 9), Qn 1 for odd n, 2 for even n, from the last digit).</summary>
    public static bool IsValidCorporateNumber(string? number)
    {
        if (number is not { Length: 13 } || !number.All(char.IsAsciiDigit))
        {
            return false;
        }
        var sum = 0;
        for (var n = 1; n <= 12; n++)
        {
            sum += (number[13 - n] - '0') * (n % 2 == 1 ? 1 : 2);
        }
        return number[0] - '0' == 9 - sum % 9;
    }
}
