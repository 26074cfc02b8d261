using System.Globalization;

namespace SharedServices.Web.Branding;

/// <summary>
/// A town picks its colours; the platform picks the text colour on them so every combination keeps
/// WCAG 2.1 AA contrast (4.5:1 for normal text), whatever the town chose.
/// </summary>
public static class BrandColors
{
    /// <summary>Black or white, whichever contrasts more with <paramref name="background"/> (#RRGGBB).</summary>
    public static string TextOn(string background) =>
        ContrastRatio(background, "#FFFFFF") >= ContrastRatio(background, "#000000") ? "#FFFFFF" : "#000000";

    public static double ContrastRatio(string a, string b)
    {
        var (la, lb) = (Luminance(a), Luminance(b));
        return (Math.Max(la, lb) + 0.05) / (Math.Min(la, lb) + 0.05);
    }

    // WCAG 2.1 relative luminance.
    private static double Luminance(string hex)
    {
        double Channel(int offset)
        {
            var c = int.Parse(hex.AsSpan(offset, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) / 255.0;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }
        return 0.2126 * Channel(1) + 0.7152 * Channel(3) + 0.0722 * Channel(5);
    }
}
