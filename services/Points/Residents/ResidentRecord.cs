using SharedServices.Points.Campaigns;

namespace SharedServices.Points.Residents;

/// <summary>
/// What the town's own systems (住民基本台帳, 税) know of a resident that eligibility rules ask about,
/// imported by the town's staff and keyed by the resident's platform account id (the link is made when
/// the resident verifies their identity with the town) — or, for a resident with no account at all, the
/// town's own id for them: their wallet then exists only for their printed card. Only what the rules
/// need: birth dates and an income bracket, never a マイナンバー, name or address.
/// </summary>
public sealed class ResidentRecord
{
    /// <summary>The resident's platform account id, or the town's own id for a resident without one (a card holder).</summary>
    public string Id { get; set; } = "";

    public DateOnly BirthDate { get; set; }

    /// <summary>所得区分 as the town's tax records number it; null when unknown.</summary>
    public int? IncomeBracket { get; set; }

    /// <summary>Birth dates of the children in the resident's household (世帯).</summary>
    public List<DateOnly> ChildrenBirthDates { get; set; } = [];

    public DateTimeOffset ImportedAt { get; set; }

    public static int AgeOn(DateOnly birth, DateOnly day) =>
        day.Year - birth.Year - (day.Month < birth.Month || (day.Month == birth.Month && day.Day < birth.Day) ? 1 : 0);
}

public static class EligibilityCheck
{
    /// <summary>Why the resident does not qualify, or null when every rule holds. <paramref name="assurance"/>: null when not signed in now (not checked).</summary>
    public static string? Refusal(Eligibility rules, ResidentRecord? record, int? assurance, DateOnly today)
    {
        if (rules.MinAssurance is { } level && assurance is { } ial && ial < level)
        {
            return level >= 3
                ? "このキャンペーンには、マイナンバーカードによる本人確認が必要です。(This campaign needs identity verification with your My Number Card.)"
                : "このキャンペーンには、本人確認が必要です。(This campaign needs identity verification.)";
        }
        if (!rules.NeedsRecords)
        {
            return null;
        }
        if (record is null)
        {
            return "対象となるかを確認できませんでした。市町村の窓口にお問い合わせください。(Your town has no record to check this campaign's conditions: please ask at the town office.)";
        }
        var on = rules.AgeOn ?? today;
        var age = ResidentRecord.AgeOn(record.BirthDate, on);
        if (age < rules.MinAge || age > rules.MaxAge)
        {
            return $"対象年齢（{rules.MinAge?.ToString() ?? ""}〜{rules.MaxAge?.ToString() ?? ""}歳）ではありません。(Not in the campaign's age range.)";
        }
        if (rules.IncomeBrackets is { Count: > 0 } brackets && (record.IncomeBracket is not { } bracket || !brackets.Contains(bracket)))
        {
            return "対象となる所得区分ではありません。(Not in the campaign's income brackets.)";
        }
        if (rules.ChildrenUnder is { } under && !record.ChildrenBirthDates.Any(c => c <= today && ResidentRecord.AgeOn(c, on) < under))
        {
            return $"{under}歳未満のお子さんのいる世帯が対象です。(For households with a child under {under}.)";
        }
        return null;
    }
}
