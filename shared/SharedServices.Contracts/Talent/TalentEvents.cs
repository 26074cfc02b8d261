namespace SharedServices.Contracts.Talent;

// What other services (and the prefecture's dashboard) learn of shared digital talent (デジタル人材シェアリング):
// the town, the person's registry id, the assignment and hours. Names and contact details stay in the registry.

/// <summary>A person took on a time share in a town (派遣・兼務): hours per month over a period.</summary>
/// <param name="TenantId">The town the person works for.</param>
/// <param name="FromMonth">First month, <c>yyyy-MM</c>.</param>
/// <param name="UntilMonth">Last month, <c>yyyy-MM</c>, included.</param>
public sealed record TalentAssigned(
    string TenantId, string AssignmentId, string NeedId, string TalentId, int HoursPerMonth, string FromMonth, string UntilMonth,
    decimal RatePerHour, DateTimeOffset AssignedAt) : IIntegrationEvent;

/// <summary>An assignment ended (its period over, or ended early by the town).</summary>
public sealed record AssignmentEnded(string TenantId, string AssignmentId, string TalentId, string LastMonth, DateTimeOffset EndedAt) : IIntegrationEvent;

/// <summary>A town approved a month's hours of an assignment: what its cost report counts.</summary>
/// <param name="Cost">Hours × the assignment's rate, in yen.</param>
/// <param name="NetCost">
/// What the town bears after the 特別交付税 措置率 of the need's procurement (joint or alone). A later,
/// optional member: events published before it existed read as null.
/// </param>
public sealed record HoursApproved(
    string TenantId, string AssignmentId, string TalentId, string Month, decimal Hours, int OnSiteDays, decimal Cost, DateTimeOffset ApprovedAt,
    decimal? NetCost = null) : IIntegrationEvent;
