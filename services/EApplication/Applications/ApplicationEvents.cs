namespace SharedServices.EApplication.Applications;

// One stream per application (申請), in the town's tenant. Answers are JSON exactly as validated
// against the form version the application is pinned to.

/// <param name="ApplicantId">The resident's account (sub); null when staff applied at the counter for someone without one.</param>
/// <param name="ActorId">Who filled it in: the resident, the staff member acting for them (窓口代行), or their helper (代理申請).</param>
/// <param name="AuthorisationId">The resident's authorisation (委任) a helper acts under; null on the other channels.</param>
public sealed record ApplicationStarted(
    string Id, string ProcedureKey, int FormVersion, string? ApplicantId, string ApplicantName,
    string ActorId, string ActorName, string Channel, DateTimeOffset At, string? AuthorisationId = null);

public sealed record AnswersSaved(string AnswersJson, DateTimeOffset At);

/// <param name="ContactEmail">Where the resident is mailed about it (受付完了メール, 差戻し): their address from the token when they submitted online; null at the counter.</param>
public sealed record Submitted(string ReceiptNumber, string AnswersJson, DateTimeOffset At, string? ContactEmail = null);

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
/// (answers, names, free texts, the contact address) was masked in every event of the stream. What it was, when, and how it
/// ended stay: the KPIs and the receipt number do not change.
/// </summary>
public sealed record PersonalDataErased(int RetentionDays, DateTimeOffset At);

/// <summary>A file was uploaded for a file field (添付ファイル); the bytes are the attachment's document.</summary>
public sealed record AttachmentAdded(string Id, string Field, string FileName, string ContentType, long Size, string Sha256, string By, DateTimeOffset At);

/// <summary>A file not yet submitted was removed again (the wrong one was picked).</summary>
public sealed record AttachmentRemoved(string Id, string Field, string By, DateTimeOffset At);
