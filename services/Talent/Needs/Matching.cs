using SharedServices.Talent.Registry;

namespace SharedServices.Talent.Needs;

/// <summary>One part of a match's score: what was weighed, how well it fits (0–1), and why, in words.</summary>
public sealed record ScorePart(string Criterion, decimal Weight, decimal Fit, string Why);

public sealed record Match(string TalentId, string Name, string Role, decimal Score, IReadOnlyList<ScorePart> Parts);

/// <summary>
/// Ranks the registry's people for a need with a score staff can check by hand: five criteria, each a
/// fit from 0 to 1 times its weight (they add up to 100): required skills covered (40), their levels
/// (20), free hours over the period (20), on-site feasibility (10) and budget (10). Deterministic: the
/// same registry and need give the same order (ties by registry id).
/// </summary>
public static class Matching
{
    public static IReadOnlyList<Match> Rank(NeedTerms need, IEnumerable<TalentProfile> people) =>
        [.. people.Where(p => p.IsListed).Select(p => Score(need, p)).OrderByDescending(m => m.Score).ThenBy(m => m.TalentId, StringComparer.Ordinal)];

    public static Match Score(NeedTerms need, TalentProfile person)
    {
        var profile = person.Approved!;
        var has = profile.Skills.ToDictionary(s => s.Skill, s => s.Level);
        var parts = new List<ScorePart>();

        var covered = need.Required.Where(r => has.ContainsKey(r.Skill)).ToList();
        var missing = need.Required.Where(r => !has.ContainsKey(r.Skill)).Select(r => Skills.All[r.Skill].Ja).ToList();
        parts.Add(new("skills", 40, need.Required.Count == 0 ? 1 : Ratio(covered.Count, need.Required.Count),
            missing.Count == 0 ? "必須スキルをすべて満たす (all required skills)" : $"不足: {string.Join("、", missing)} (missing)"));

        var levelFits = need.Required.Select(r => has.TryGetValue(r.Skill, out var level) ? Math.Min(1m, (decimal)level / Math.Max(1, r.Level)) : 0m).ToList();
        var below = need.Required.Where(r => has.TryGetValue(r.Skill, out var level) && level < r.Level)
            .Select(r => $"{Skills.All[r.Skill].Ja} {has[r.Skill]}/{r.Level}").ToList();
        parts.Add(new("levels", 20, levelFits.Count == 0 ? 1 : Round(levelFits.Average()),
            below.Count == 0 ? "求めるレベル以上 (levels met)" : $"レベル不足: {string.Join("、", below)} (below the level asked)"));

        var months = Months.Between(need.FromMonth, need.UntilMonth).ToList();
        var freeMonths = months.Count(m => person.FreeIn(m) >= need.HoursPerMonth);
        parts.Add(new("availability", 20, months.Count == 0 ? 0 : Ratio(freeMonths, months.Count),
            $"{months.Count}か月中{freeMonths}か月、月{need.HoursPerMonth}時間の空きあり ({freeMonths} of {months.Count} months free)"));

        var onSiteFits = need.OnSiteDaysPerMonth == 0 || profile.OnSite;
        parts.Add(new("onSite", 10, onSiteFits ? 1 : 0, need.OnSiteDaysPerMonth == 0
            ? "現地勤務なし (no on-site days asked)"
            : profile.OnSite ? $"月{need.OnSiteDaysPerMonth}日の現地勤務が可能 (can work on site)" : "現地勤務は不可 (remote only)"));

        var monthly = profile.RatePerHour * need.HoursPerMonth;
        parts.Add(new("budget", 10, monthly <= need.BudgetPerMonth ? 1 : Round(need.BudgetPerMonth / monthly),
            monthly <= need.BudgetPerMonth
                ? FormattableString.Invariant($"月額 {monthly:N0}円（予算 {need.BudgetPerMonth:N0}円以内）(within budget)")
                : FormattableString.Invariant($"月額 {monthly:N0}円（予算 {need.BudgetPerMonth:N0}円を超える）(over budget)")));

        var score = Math.Round(parts.Sum(p => p.Weight * p.Fit), 1);
        return new(person.Id, profile.Name, profile.Role, score, parts);
    }

    private static decimal Ratio(int part, int whole) => Round((decimal)part / whole);

    private static decimal Round(decimal fit) => Math.Round(Math.Clamp(fit, 0, 1), 3);
}
