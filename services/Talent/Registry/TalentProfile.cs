namespace SharedServices.Talent.Registry;

/// <summary>Hours a person can give in a month.</summary>
public sealed record MonthHours(string Month, int Hours);

/// <summary>How towns with an assignment reach the person; no other town sees it.</summary>
public sealed record Contact(string Email, string? Phone = null);

/// <summary>What a person says of themselves (the talent edits it; the prefecture approves each change).</summary>
public sealed record ProfileDetails(
    string Name,
    string Role,
    IReadOnlyList<SkillLevel> Skills,
    int PublicSectorYears,
    IReadOnlyList<MonthHours> Availability,
    bool Remote,
    bool OnSite,
    string Region,
    decimal RatePerHour,
    Contact Contact);

public sealed record ProfileSubmitted(ProfileDetails Details, DateTimeOffset At);
public sealed record ProfileApproved(string By, DateTimeOffset At);
/// <summary>A time share in a town booked against the person's availability (under the profile stream's lock).</summary>
public sealed record TimeShareBooked(string AssignmentId, string Town, string NeedId, int HoursPerMonth, string FromMonth, string UntilMonth, DateTimeOffset At);

/// <summary>A booking given back: the town's need was filled by someone else at the same moment.</summary>
public sealed record TimeShareReleased(string AssignmentId, DateTimeOffset At);
/// <summary>The town ended the assignment after <see cref="LastMonth"/>: the later months are free again.</summary>
public sealed record TimeShareEnded(string AssignmentId, string LastMonth, DateTimeOffset At);

public sealed record TimeShare(string AssignmentId, string Town, string NeedId, int HoursPerMonth, string FromMonth, string UntilMonth)
{
    public bool Covers(string month) => string.CompareOrdinal(month, FromMonth) >= 0 && string.CompareOrdinal(month, UntilMonth) <= 0;
}

/// <summary>
/// A person in the prefecture's registry (デジタル人材), stored in the prefecture's tenant: visible to every
/// town once approved; their time shares in towns, which never exceed their availability in any month.
/// Stream id: the person's account id.
/// </summary>
public sealed class TalentProfile
{
    public string Id { get; set; } = "";

    /// <summary>The approved profile towns see; null until the prefecture approved one.</summary>
    public ProfileDetails? Approved { get; set; }

    /// <summary>A change the prefecture has not approved yet.</summary>
    public ProfileDetails? Pending { get; set; }

    public DateTimeOffset? ApprovedAt { get; set; }

    public List<TimeShare> TimeShares { get; set; } = [];

    public bool IsListed => Approved is not null;

    public void Apply(ProfileSubmitted e) => Pending = e.Details;

    public void Apply(ProfileApproved e) => (Approved, Pending, ApprovedAt) = (Pending, null, e.At);

    public void Apply(TimeShareBooked e) =>
        TimeShares.Add(new(e.AssignmentId, e.Town, e.NeedId, e.HoursPerMonth, e.FromMonth, e.UntilMonth));

    public void Apply(TimeShareReleased e) => TimeShares.RemoveAll(s => s.AssignmentId == e.AssignmentId);

    public void Apply(TimeShareEnded e)
    {
        var index = TimeShares.FindIndex(s => s.AssignmentId == e.AssignmentId);
        TimeShares[index] = TimeShares[index] with { UntilMonth = e.LastMonth };
    }

    public int AvailableIn(string month) => Approved?.Availability.Where(a => a.Month == month).Sum(a => a.Hours) ?? 0;

    public int BookedIn(string month) => TimeShares.Where(s => s.Covers(month)).Sum(s => s.HoursPerMonth);

    public int FreeIn(string month) => AvailableIn(month) - BookedIn(month);

    public bool WorksFor(string town) => TimeShares.Any(s => s.Town == town);

    /// <summary>The months of a period in which <paramref name="hours"/> more would exceed what the person can give.</summary>
    public IReadOnlyList<string> Shortfalls(string from, string until, int hours) =>
        [.. Months.Between(from, until).Where(m => FreeIn(m) < hours)];
}
