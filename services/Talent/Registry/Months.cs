using System.Globalization;

namespace SharedServices.Talent.Registry;

/// <summary>Months as the registry counts time: <c>yyyy-MM</c>, periods inclusive of both ends.</summary>
public static class Months
{
    public const int MaxPeriod = 36;

    public static bool TryParse(string? text, out DateOnly month)
    {
        month = default;
        if (text is { Length: 7 } && DateOnly.TryParseExact(text + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            && day.Year is >= 2000 and <= 2100)
        {
            month = day;
            return true;
        }
        return false;
    }

    public static string Of(DateOnly month) => month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>Every month from <paramref name="from"/> to <paramref name="until"/>, both included.</summary>
    public static IEnumerable<string> Between(string from, string until)
    {
        if (!TryParse(from, out var first) || !TryParse(until, out var last))
        {
            yield break;
        }
        for (var month = first; month <= last; month = month.AddMonths(1))
        {
            yield return Of(month);
        }
    }
}
