namespace SharedServices.Onboarding.Features.Offboarding;

/// <summary>
/// An offboarded town's data, kept for its retention period (保存期間, <c>Onboarding:RetentionDays</c>) so
/// it can be exported, then deleted by every service (id: the town's code, in the prefecture's tenant):
/// when the deletion was asked for, and which services have confirmed it, with the rows each deleted.
/// </summary>
public sealed class TownDataRetention
{
    public string Id { get; set; } = "";

    public DateTimeOffset OffboardedAt { get; set; }

    public DateTimeOffset DeleteAfter { get; set; }

    public DateTimeOffset? DeletionAskedAt { get; set; }

    public Dictionary<string, DeletionConfirmed> DeletedBy { get; set; } = [];
}

public sealed record DeletionConfirmed(long Rows, DateTimeOffset At);
