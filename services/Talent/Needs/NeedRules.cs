using SharedServices.Talent.Registry;

namespace SharedServices.Talent.Needs;

public static class NeedRules
{
    public static Dictionary<string, string[]> Problems(NeedTerms? n)
    {
        var errors = new Dictionary<string, string[]>();
        void Add(string field, string message) => errors[field] = [.. errors.GetValueOrDefault(field) ?? [], message];
        if (n is null)
        {
            Add("need", "The need is missing.");
            return errors;
        }
        if (string.IsNullOrWhiteSpace(n.Title) || n.Title.Length > 100) Add("title", "件名を100文字以内で入力してください。(A title of 1–100 characters.)");
        if (n.Description is null || n.Description.Length > 4000) Add("description", "At most 4000 characters.");
        if (n.Required is null || n.Required.Count == 0) Add("required", "必須スキルを1つ以上選んでください。(At least one required skill.)");
        foreach (var skill in (n.Required ?? []).Concat(n.PreferredSkills))
        {
            if (skill is null || !Skills.All.ContainsKey(skill.Skill ?? "")) Add("required", $"Unknown skill. One of: {string.Join(", ", Skills.All.Keys)}.");
            else if (skill.Level is < 1 or > Skills.MaxLevel) Add("required", $"Levels from 1 to {Skills.MaxLevel}.");
        }
        if (n.HoursPerMonth is < 1 or > 200) Add("hoursPerMonth", "月1時間から200時間です。(1 to 200 hours a month.)");
        var from = Months.TryParse(n.FromMonth, out var first);
        var until = Months.TryParse(n.UntilMonth, out var last);
        if (!from) Add("fromMonth", "yyyy-MM.");
        if (!until) Add("untilMonth", "yyyy-MM.");
        if (from && until && (last < first || last > first.AddMonths(Months.MaxPeriod - 1)))
        {
            Add("untilMonth", $"期間は1か月から{Months.MaxPeriod}か月です。(A period of 1 to {Months.MaxPeriod} months.)");
        }
        if (n.OnSiteDaysPerMonth is < 0 or > 31) Add("onSiteDaysPerMonth", "0 to 31 days.");
        if (n.BudgetPerMonth is <= 0 or > 100_000_000) Add("budgetPerMonth", "予算は1円から1億円です。(From 1 yen to 100 million a month.)");
        if (n.Procurement is not ("joint" or "alone")) Add("procurement", "joint (with the prefecture) or alone.");
        if (n.Programme is not null && !Programmes.All.ContainsKey(n.Programme)) Add("programme", $"One of: {string.Join(", ", Programmes.All.Keys)}.");
        return errors;
    }
}

/// <summary>
/// Programme rules as data: a programme's minimum days and hours in the town per month. E.g. the 副業型
/// of 地域活性化起業人 asks for at least 4 days and 20 hours a month; an assignment or a month's hours
/// below it is flagged.
/// </summary>
public sealed record Programme(string Name, int MinDaysPerMonth, int MinHoursPerMonth);

public static class Programmes
{
    public static readonly IReadOnlyDictionary<string, Programme> All = new Dictionary<string, Programme>
    {
        ["chiiki-kigyojin-side"] = new("地域活性化起業人（副業型）", 4, 20),
    };

    /// <summary>Why a month falls short of the programme, or null.</summary>
    public static string? Shortfall(string? programme, int days, decimal hours) =>
        programme is not null && All.TryGetValue(programme, out var rule) && (days < rule.MinDaysPerMonth || hours < rule.MinHoursPerMonth)
            ? $"{rule.Name}: 月{rule.MinDaysPerMonth}日以上かつ{rule.MinHoursPerMonth}時間以上が必要 (needs {rule.MinDaysPerMonth} days and {rule.MinHoursPerMonth} hours a month)"
            : null;
}
