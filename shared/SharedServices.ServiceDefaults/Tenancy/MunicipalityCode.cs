namespace SharedServices.Tenancy;

/// <summary>
/// 全国地方公共団体コード (JIS X 0401/0402): 2 digits prefecture, 3 digits municipality, 1 check digit.
/// Check digit: weights 6,5,4,3,2 over the first five digits, r = sum mod 11,
/// check = last digit of (11 − r), so r = 0 → 1 and r = 1 → 0.
/// </summary>
public static class MunicipalityCode
{
    public static bool IsValid(string? code) =>
        code is { Length: 6 } && code.All(char.IsAsciiDigit) && code[5] - '0' == CheckDigit(code);

    /// <summary>The check digit for the first five digits of <paramref name="code"/>.</summary>
    public static int CheckDigit(string code)
    {
        ReadOnlySpan<int> weights = [6, 5, 4, 3, 2];
        var sum = 0;
        for (var i = 0; i < 5; i++)
        {
            sum += (code[i] - '0') * weights[i];
        }
        return (11 - sum % 11) % 10;
    }

    /// <summary>Why a code is not valid, in words a prefecture operator understands; null when it is.</summary>
    public static string? Explain(string? code) => code switch
    {
        null or "" => "A 地方公共団体コード is required.",
        { Length: not 6 } => "A 地方公共団体コード has exactly 6 digits (5 digits and a check digit).",
        _ when !code.All(char.IsAsciiDigit) => "A 地方公共団体コード contains digits only.",
        _ when !IsValid(code) => $"The check digit of {code} is wrong: it should be {CheckDigit(code)}.",
        _ => null,
    };

    /// <summary>The prefecture code (都道府県コード) part: "06" for 山形県.</summary>
    public static string PrefecturePart(string code) => code[..2];
}
