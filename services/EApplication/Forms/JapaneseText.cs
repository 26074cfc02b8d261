using System.Text.RegularExpressions;

namespace SharedServices.EApplication.Forms;

/// <summary>
/// The character rules Japanese forms ask for: フリガナ in 全角カタカナ, 〒 postal codes, phone numbers
/// as the 電気通信番号計画 gives them. Only half-width digits count as digits here: <c>\d</c> in .NET
/// also matches ０-９, which the systems behind a form do not.
/// </summary>
public static partial class JapaneseText
{
    public static bool Follows(string value, KanaRule rule) => rule switch
    {
        KanaRule.ZenkakuKatakana => ZenkakuKatakana().IsMatch(value),
        KanaRule.Hiragana => Hiragana().IsMatch(value),
        KanaRule.HankakuKatakana => HankakuKatakana().IsMatch(value),
        KanaRule.Hankaku => Hankaku().IsMatch(value),
        KanaRule.Zenkaku => !HalfWidthExceptSpace().IsMatch(value),
        _ => false,
    };

    /// <summary>郵便番号: <c>123-4567</c> or <c>1234567</c>, half-width digits.</summary>
    public const string PostalCodePattern = "^[0-9]{3}-?[0-9]{4}$";

    public static bool IsPostalCode(string value) => PostalCode().IsMatch(value);

    /// <summary>
    /// A domestic phone number: digits with optional hyphens or a bracketed area code
    /// (<c>023-630-2211</c>, <c>(0233)22-1111</c>, <c>090-1234-5678</c>). By the number plan:
    /// 10 digits for fixed lines and 0120/0570 (not starting 020, 050, 070, 080, 090); 11 digits for
    /// mobiles (070/080/090), IP phones (050), 0800 and 020 services.
    /// </summary>
    public static bool IsPhoneNumber(string value)
    {
        if (value.Length > 20 || !PhoneShape().IsMatch(value))
        {
            return false;
        }
        var digits = string.Concat(value.Where(char.IsAsciiDigit));
        return digits.Length switch
        {
            10 => digits[0] == '0' && digits[1] != '0' && !digits.StartsWith("020", StringComparison.Ordinal) && !NonGeographic().IsMatch(digits),
            11 => ElevenDigits().IsMatch(digits),
            _ => false,
        };
    }

    /// <summary>Control characters (and broken surrogate halves) never belong in an answer; line breaks only where lines are asked for.</summary>
    public static bool HasForbiddenCharacters(string value, bool multiline)
    {
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1]))
            {
                i++;
                continue;
            }
            if (char.IsSurrogate(c) || c is '\uFFFE' or '\uFFFF')
            {
                return true;
            }
            if (char.IsControl(c) && !(multiline && c is '\n' or '\r' or '\t'))
            {
                return true;
            }
        }
        return false;
    }

    // ァ-ヺ, ー, ・, ヽヾ, full- and half-width spaces
    [GeneratedRegex("^[\u30A1-\u30FA\u30FB\u30FC\u30FD\u30FE\u3000 ]+$")]
    private static partial Regex ZenkakuKatakana();

    // ぁ-ゖ, ゝゞ, ー, spaces
    [GeneratedRegex("^[\u3041-\u3096\u309D\u309E\u30FC\u3000 ]+$")]
    private static partial Regex Hiragana();

    // ｡-ﾟ and the half-width space
    [GeneratedRegex("^[\uFF61-\uFF9F ]+$")]
    private static partial Regex HankakuKatakana();

    // printable ASCII and half-width katakana
    [GeneratedRegex("^[\u0020-\u007E\uFF61-\uFF9F]+$")]
    private static partial Regex Hankaku();

    [GeneratedRegex("[\u0021-\u007E\uFF61-\uFF9F]")]
    private static partial Regex HalfWidthExceptSpace();

    [GeneratedRegex(PostalCodePattern)]
    private static partial Regex PostalCode();

    [GeneratedRegex(@"^(\([0-9]{2,5}\)[0-9]{1,4}-?[0-9]{4}|[0-9]+(-[0-9]+)*)$")]
    private static partial Regex PhoneShape();

    [GeneratedRegex("^0[5789]0")]
    private static partial Regex NonGeographic();

    [GeneratedRegex("^(0[789]0[1-9][0-9]{7}|050[1-9][0-9]{7}|0800[0-9]{7}|020[1-9][0-9]{7})$")]
    private static partial Regex ElevenDigits();
}
