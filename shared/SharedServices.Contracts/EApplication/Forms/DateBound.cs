using System.Globalization;
using System.Text.RegularExpressions;

namespace SharedServices.EApplication.Forms;

/// <summary>
/// A date limit on a date field: a fixed ISO date (<c>2025-04-01</c>), or relative to the day of
/// submission: <c>today</c>, <c>today+7</c>, <c>today-365</c> (days). "Today" is given by the caller
/// (Japan time), so checks stay pure.
/// </summary>
public static partial class DateBound
{
    public static bool IsValid(string bound) => TryResolve(bound, DateOnly.MinValue.AddYears(2000), out _);

    public static bool TryResolve(string bound, DateOnly today, out DateOnly date)
    {
        date = default;
        if (IsoDate.TryParse(bound, out date))
        {
            return true;
        }
        var relative = Relative().Match(bound);
        if (!relative.Success)
        {
            return false;
        }
        var days = relative.Groups[1].Success
            ? int.Parse(relative.Groups[1].Value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)
            : 0;
        date = today.AddDays(days);
        return true;
    }

    /// <summary>True when both bounds are fixed dates, so their order can be known before any submission.</summary>
    public static bool IsFixed(string bound) => IsoDate.TryParse(bound, out _);

    [GeneratedRegex(@"^today([+-]\d{1,5})?$")]
    private static partial Regex Relative();
}

/// <summary>Dates in answers are ISO calendar dates, exactly <c>yyyy-MM-dd</c>.</summary>
public static class IsoDate
{
    public static bool TryParse(string value, out DateOnly date) =>
        DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    public static string Format(DateOnly date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
