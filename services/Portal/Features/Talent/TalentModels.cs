namespace SharedServices.Portal.Features.Talent;

// The talent service's answers as the pages read them (デジタル人材シェアリング; money in yen).

/// <summary>The service's skill taxonomy and roles (keys; the pages' texts name them).</summary>
public static class TalentTaxonomy
{
    public const int MaxLevel = 5;

    public static readonly IReadOnlyList<string> Skills = ["strategy", "bpr", "project-management", "security", "data", "ux", "infrastructure", "procurement"];

    public static readonly IReadOnlyList<string> Roles = ["cio-adviser", "dx-leader", "engineer", "designer", "data-analyst"];

    /// <summary>The criteria of a match's score, in the service's order.</summary>
    public static readonly IReadOnlyList<string> Criteria = ["skills", "levels", "availability", "onSite", "budget"];
}

public sealed record SkillLevel(string Skill, int Level);

public sealed record MonthHours(string Month, int Hours);

public sealed record Contact(string Email, string? Phone = null);

public sealed record ProfileDetails(
    string Name, string Role, IReadOnlyList<SkillLevel> Skills, int PublicSectorYears, IReadOnlyList<MonthHours> Availability,
    bool Remote, bool OnSite, string Region, decimal RatePerHour, Contact Contact);

public sealed record TimeShare(string AssignmentId, string Town, string NeedId, int HoursPerMonth, string FromMonth, string UntilMonth);

/// <summary>A person's registry entry as they (and the prefecture) see it: the approved profile and a change awaiting approval.</summary>
public sealed record OwnProfile(string Id, ProfileDetails? Approved, ProfileDetails? Pending, DateTimeOffset? ApprovedAt, IReadOnlyList<TimeShare> TimeShares);

public sealed record RegistryMonth(string Month, int Hours, int Free);

/// <summary>A person as a town sees them: the contact only where they work for the town.</summary>
public sealed record RegistryEntry(
    string Id, string Name, string Role, IReadOnlyList<SkillLevel> Skills, int PublicSectorYears, IReadOnlyList<RegistryMonth> Availability,
    bool Remote, bool OnSite, string Region, decimal RatePerHour, Contact? Contact);

public sealed record NeedTerms(
    string Title, string Description, IReadOnlyList<SkillLevel> Required, int HoursPerMonth, string FromMonth, string UntilMonth,
    decimal BudgetPerMonth, int OnSiteDaysPerMonth = 0, IReadOnlyList<SkillLevel>? Preferred = null, string? Programme = null,
    string Procurement = Procurements.Joint);

/// <summary>How a town procures a need: with the prefecture (共同調達, the higher 特別交付税 措置率) or alone.</summary>
public static class Procurements
{
    public const string Joint = "joint";
    public const string Alone = "alone";

    public static readonly IReadOnlyList<string> All = [Joint, Alone];
}

public sealed record ProposalView(string TalentId, DateTimeOffset ProposedAt, DateTimeOffset? AcceptedByTownAt);

public sealed record NeedView(
    string Id, NeedTerms Terms, DateTimeOffset PostedAt, bool Open, string? AssignmentId, string? FilledBy, IReadOnlyList<ProposalView> Proposals);

public sealed record TownNeed(string Town, string? TownName, NeedView Need);

public sealed record ScorePart(string Criterion, decimal Weight, decimal Fit, string Why);

public sealed record Match(string TalentId, string Name, string Role, decimal Score, IReadOnlyList<ScorePart> Parts);

public sealed record Offer(string Town, string? TownName, string NeedId, NeedTerms Terms);

public sealed record Created(string Id);

public sealed record Assignment(
    string Id, string NeedId, string Title, string TalentId, string TalentName, int HoursPerMonth, string FromMonth, string UntilMonth,
    decimal RatePerHour, string? Programme, string? Flag, DateTimeOffset AssignedAt, string Procurement = Procurements.Joint, string? EndedAfter = null)
{
    public string LastMonth => EndedAfter ?? UntilMonth;
}

/// <summary>A month's hours of an assignment (稼働報告): logged by the person, approved by the town.</summary>
public sealed record Timesheet(
    string Id, string AssignmentId, string Month, decimal Hours, int OnSiteDays, DateTimeOffset SubmittedAt, DateTimeOffset? ApprovedAt, string? Flag = null);

/// <summary>One of the person's assignments, in any town, with its timesheets.</summary>
public sealed record MyAssignment(string Town, string? TownName, Assignment Assignment, IReadOnlyList<Timesheet> Timesheets);

public sealed record CostLine(
    string AssignmentId, string TalentId, string TalentName, string Title, decimal Hours, decimal RatePerHour, decimal Cost,
    string Procurement, decimal SubsidyRate, decimal Net);

/// <summary>A town's cost report for a month: each assignment's approved hours, cost, 措置率 and net cost after 特別交付税.</summary>
public sealed record TownCosts(string Month, IReadOnlyList<CostLine> Lines, decimal Cost, decimal Net, decimal Hours);

public sealed record TownCostTotal(string Town, string? TownName, decimal Hours, decimal Cost, decimal Net);

public sealed record PersonTownShare(string Town, string? TownName, decimal Hours, decimal Cost, decimal Share);

public sealed record PersonCost(string TalentId, string Name, decimal Hours, decimal Cost, decimal Net, IReadOnlyList<PersonTownShare> Towns);

/// <summary>The prefecture-wide summary: per town, and per person with their cost split by approved hours.</summary>
public sealed record PrefectureCosts(string Month, IReadOnlyList<TownCostTotal> Towns, IReadOnlyList<PersonCost> People, decimal Cost, decimal Net);
