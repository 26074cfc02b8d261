using SharedServices.Talent.Needs;
using SharedServices.Talent.Registry;

namespace SharedServices.Talent.Tests.Api;

/// <summary>Matching on crafted cases: the order, the score and each reason can be checked by hand.</summary>
public sealed class MatchingTests
{
    private static TalentProfile Person(string id, decimal rate, bool onSite, int hours, params SkillLevel[] skills) => new()
    {
        Id = id,
        Approved = new(id, "dx-leader", skills, 5,
            [.. Enumerable.Range(4, 6).Select(m => new MonthHours($"2027-{m:00}", hours))], true, onSite, "山形", rate, new("x@example.jp")),
    };

    private static readonly NeedTerms Need = new("庁内DX推進", "", [new SkillLevel("data", 3), new SkillLevel("security", 2)], 20, "2027-04", "2027-09", 200_000, OnSiteDaysPerMonth: 2);

    [Fact]
    public void The_person_who_fits_every_criterion_ranks_first_with_100_and_each_shortfall_costs_its_weight_with_a_reason()
    {
        var perfect = Person("a-perfect", 8_000, true, 40, new SkillLevel("data", 4), new SkillLevel("security", 2));
        var remoteOnly = Person("b-remote", 8_000, false, 40, new SkillLevel("data", 3), new SkillLevel("security", 3));
        var oneSkill = Person("c-one-skill", 8_000, true, 40, new SkillLevel("data", 5));
        var lowLevel = Person("d-low-level", 8_000, true, 40, new SkillLevel("data", 1), new SkillLevel("security", 2));
        var expensive = Person("e-expensive", 20_000, true, 40, new SkillLevel("data", 3), new SkillLevel("security", 2));
        var busy = Person("f-busy", 8_000, true, 10, new SkillLevel("data", 3), new SkillLevel("security", 2));

        var ranked = Matching.Rank(Need, [busy, expensive, lowLevel, oneSkill, remoteOnly, perfect]);

        Assert.Equal(["a-perfect", "e-expensive", "d-low-level", "b-remote", "f-busy", "c-one-skill"], ranked.Select(m => m.TalentId));
        Assert.Equal(100m, ranked[0].Score);
        Assert.All(ranked[0].Parts, p => Assert.Equal(1m, p.Fit));
        Assert.Equal(95m, ranked[1].Score);                      // 20 h × 20,000 = 400,000 > 200,000: budget fit 0.5 → −5
        Assert.Equal(0.5m, ranked[1].Parts.Single(p => p.Criterion == "budget").Fit);
        Assert.Contains("予算 200,000円を超える", ranked[1].Parts.Single(p => p.Criterion == "budget").Why);
        Assert.Equal(93.3m, ranked[2].Score);                    // data 1/3 and security 2/2: level fit 0.667 → −6.7
        Assert.Contains("データ利活用 1/3", ranked[2].Parts.Single(p => p.Criterion == "levels").Why);
        Assert.Equal(90m, ranked[3].Score);                      // on site impossible: −10
        Assert.Contains("現地勤務は不可", ranked[3].Parts.Single(p => p.Criterion == "onSite").Why);
        Assert.Equal(80m, ranked[4].Score);                      // 10 free hours, 20 needed: no month free → −20
        Assert.Equal(70m, ranked[5].Score);                      // security missing: skills 1/2 (−20), levels 1/2 (−10)
        Assert.Contains("情報セキュリティ", ranked[5].Parts.Single(p => p.Criterion == "skills").Why);
    }

    [Fact]
    public void Equal_scores_are_ordered_by_registry_id_and_unapproved_people_are_not_ranked()
    {
        var second = Person("b", 8_000, true, 40, new SkillLevel("data", 3), new SkillLevel("security", 2));
        var first = Person("a", 8_000, true, 40, new SkillLevel("data", 3), new SkillLevel("security", 2));
        var pending = new TalentProfile { Id = "0-pending" };
        Assert.Equal(["a", "b"], Matching.Rank(Need, [second, pending, first]).Select(m => m.TalentId));
    }

    [Fact]
    public void Booked_time_shares_reduce_the_free_hours_month_by_month()
    {
        var person = Person("p", 8_000, true, 30, new SkillLevel("data", 3), new SkillLevel("security", 2));
        person.Apply(new TimeShareBooked("x", "063657", "n", 15, "2027-04", "2027-06", DateTimeOffset.UtcNow));
        var match = Matching.Score(Need, person);
        Assert.Equal(0.5m, match.Parts.Single(p => p.Criterion == "availability").Fit);   // April–June: 15 free < 20
        Assert.Equal(["2027-04", "2027-05", "2027-06"], person.Shortfalls("2027-04", "2027-09", 20));
    }
}
