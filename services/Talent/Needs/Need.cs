using SharedServices.Talent.Registry;

namespace SharedServices.Talent.Needs;

/// <summary>What a town asks for (募集): skills, hours per month over a period, on-site days, budget.</summary>
/// <param name="BudgetPerMonth">Yen a month the town can pay for this.</param>
/// <param name="Programme">A programme whose rules apply (e.g. <c>chiiki-kigyojin-side</c>, 地域活性化起業人); none: no rule.</param>
/// <param name="Procurement"><c>joint</c> (procured with the prefecture, 共同調達) or <c>alone</c>: sets the 特別交付税 措置率 in cost reports.</param>
public sealed record NeedTerms(
    string Title,
    string Description,
    IReadOnlyList<SkillLevel> Required,
    int HoursPerMonth,
    string FromMonth,
    string UntilMonth,
    decimal BudgetPerMonth,
    int OnSiteDaysPerMonth = 0,
    IReadOnlyList<SkillLevel>? Preferred = null,
    string? Programme = null,
    string Procurement = "joint")
{
    public IReadOnlyList<SkillLevel> PreferredSkills => Preferred ?? [];
}

public sealed record NeedPosted(string Id, NeedTerms Terms, string By, DateTimeOffset At);
/// <summary>The prefecture proposes a person for the need (候補の提案).</summary>
public sealed record CandidateProposed(string TalentId, string By, DateTimeOffset At);
/// <summary>The town agrees to the person; the person is asked next.</summary>
public sealed record CandidateAcceptedByTown(string TalentId, string By, DateTimeOffset At);
public sealed record NeedFilled(string AssignmentId, string TalentId, DateTimeOffset At);

public sealed class Proposal
{
    public string TalentId { get; set; } = "";
    public DateTimeOffset ProposedAt { get; set; }
    public DateTimeOffset? AcceptedByTownAt { get; set; }
}

/// <summary>A town's need, as the inline snapshot of its stream (in the town's tenant).</summary>
public sealed class Need
{
    public string Id { get; set; } = "";
    public NeedTerms Terms { get; set; } = null!;
    public DateTimeOffset PostedAt { get; set; }
    public List<Proposal> Proposals { get; set; } = [];
    public string? AssignmentId { get; set; }
    public string? FilledBy { get; set; }

    public bool IsOpen => AssignmentId is null;

    public void Apply(NeedPosted e) => (Id, Terms, PostedAt) = (e.Id, e.Terms, e.At);

    public void Apply(CandidateProposed e)
    {
        if (Proposals.All(p => p.TalentId != e.TalentId))
        {
            Proposals.Add(new() { TalentId = e.TalentId, ProposedAt = e.At });
        }
    }

    public void Apply(CandidateAcceptedByTown e) => Proposals.Single(p => p.TalentId == e.TalentId).AcceptedByTownAt = e.At;

    public void Apply(NeedFilled e) => (AssignmentId, FilledBy) = (e.AssignmentId, e.TalentId);
}
