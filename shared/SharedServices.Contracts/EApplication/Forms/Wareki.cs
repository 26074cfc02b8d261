using System.Globalization;

namespace SharedServices.EApplication.Forms;

/// <summary>An era (元号) and the Gregorian day it began.</summary>
public sealed record JapaneseEra(string Name, string Romaji, DateOnly Start);

/// <summary>
/// 和暦 for display: <c>令和7年4月1日</c>, with 元年 for an era's first year. Dates are stored and
/// sent as ISO dates; this only shows them the way residents (many of them elderly) read dates on
/// paper forms. Meiji is shown from 明治6年1月1日 (1873-01-01), when Japan took the Gregorian calendar:
/// earlier days were 旧暦 days, which a Gregorian date cannot name.
/// </summary>
public static class Wareki
{
    public static readonly IReadOnlyList<JapaneseEra> Eras =
    [
        new("令和", "Reiwa", new DateOnly(2019, 5, 1)),
        new("平成", "Heisei", new DateOnly(1989, 1, 8)),
        new("昭和", "Showa", new DateOnly(1926, 12, 25)),
        new("大正", "Taisho", new DateOnly(1912, 7, 30)),
        new("明治", "Meiji", new DateOnly(1868, 1, 25)),
    ];

    /// <summary>The first day that can be shown in 和暦 here (明治6年1月1日).</summary>
    public static readonly DateOnly Earliest = new(1873, 1, 1);

    public static JapaneseEra? EraOf(DateOnly date) =>
        date < Earliest ? null : Eras.First(era => date >= era.Start);

    /// <summary>The era's year: 1 in the year an era began, counting calendar years (令和2年 = 2020).</summary>
    public static int YearInEra(DateOnly date, JapaneseEra era) => date.Year - era.Start.Year + 1;

    /// <summary><c>令和7年4月1日</c>, <c>令和元年5月1日</c>; null before 1873.</summary>
    public static string? Format(DateOnly date)
    {
        if (EraOf(date) is not { } era)
        {
            return null;
        }
        var year = YearInEra(date, era);
        var yearText = year == 1 ? "元" : year.ToString(CultureInfo.InvariantCulture);
        return string.Create(CultureInfo.InvariantCulture, $"{era.Name}{yearText}年{date.Month}月{date.Day}日");
    }

    /// <summary>For an English page: <c>Reiwa 7 (2025)</c>.</summary>
    public static string? FormatYearInEnglish(DateOnly date) =>
        EraOf(date) is { } era
            ? string.Create(CultureInfo.InvariantCulture, $"{era.Romaji} {YearInEra(date, era)} ({date.Year})")
            : null;

    /// <summary>An ISO date from answers in 和暦, or null when it is not a date.</summary>
    public static string? Format(string isoDate) => IsoDate.TryParse(isoDate, out var date) ? Format(date) : null;
}
