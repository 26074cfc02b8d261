using System.Text;
using System.Text.RegularExpressions;

namespace SharedServices.Identity.Jpki;

/// <summary>
/// マイナンバー (個人番号): 11 digits and a check digit. The platform must never store or log one, and
/// JPKI certificates do not carry it, so nothing it is sent should contain one. This only recognises
/// one, so that a form can refuse it before anything is kept.
/// </summary>
public static partial class IndividualNumber
{
    /// <summary>
    /// Whether <paramref name="text"/> holds 12 digits in a row (full-width digits, spaces and hyphens
    /// between them included) whose last is the マイナンバー check digit of the 11 before it.
    /// </summary>
    public static bool IsContainedIn(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }
        var digits = Separators().Replace(text.Normalize(NormalizationForm.FormKC), "");
        return TwelveDigits().Matches(digits).Any(match => HasValidCheckDigit(match.Value));
    }

    /// <summary>The check digit as 番号法施行令 第8条 defines it.</summary>
    public static bool HasValidCheckDigit(string twelveDigits)
    {
        // P(n) is the n-th of the first 11 digits counted from the right; Q(n) is n+1 up to 6, then n-5.
        var sum = 0;
        for (var n = 1; n <= 11; n++)
        {
            var p = twelveDigits[11 - n] - '0';
            sum += p * (n <= 6 ? n + 1 : n - 5);
        }
        var remainder = sum % 11;
        var check = remainder <= 1 ? 0 : 11 - remainder;
        return twelveDigits[11] - '0' == check;
    }

    [GeneratedRegex(@"[\s\-‐‑‒–—―−ー]")]
    private static partial Regex Separators();

    [GeneratedRegex("(?<![0-9])[0-9]{12}(?![0-9])")]
    private static partial Regex TwelveDigits();
}
