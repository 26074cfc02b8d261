namespace SharedServices.EApplication.Applications;

// One stream per application (申請), in the town's tenant. Answers are JSON exactly as validated
// against the form version the application is pinned to.

/// <param name="ApplicantId">The resident's account (sub); null when staff applied at the counter for someone without one.</param>
/// <param name="ActorId">Who filled it in: the resident, or the staff member acting for them (窓口代行).</param>
public sealed record ApplicationStarted(
    string Id, string ProcedureKey, int FormVersion, string? ApplicantId, string ApplicantName,
    string ActorId, string ActorName, string Channel, DateTimeOffset At);

public sealed record AnswersSaved(string AnswersJson, DateTimeOffset At);

public sealed record Submitted(string ReceiptNumber, string AnswersJson, DateTimeOffset At);

public sealed record Assigned(string StaffId, string StaffName, string By, DateTimeOffset At);

public sealed record ReturnedForCorrection(string Reason, string By, DateTimeOffset At);

public sealed record Resubmitted(string AnswersJson, DateTimeOffset At);

public sealed record Approved(string? Note, string By, DateTimeOffset At);

public sealed record Rejected(string Reason, string By, DateTimeOffset At);

public sealed record Withdrawn(string By, DateTimeOffset At);

/// <summary>An internal note among staff (内部メモ): never shown to the resident.</summary>
public sealed record CommentAdded(string Text, string By, string ByName, DateTimeOffset At);

/// <summary>
/// The retention period (保存期間) of a decided or withdrawn application ran out: its personal data
/// (answers, names, free texts) was masked in every event of the stream. What it was, when, and how it
/// ended stay: the KPIs and the receipt number do not change.
/// </summary>
public sealed record PersonalDataErased(int RetentionDays, DateTimeOffset At);
