namespace SharedServices.EApplication.Applications;

public enum ApplicationStatus
{
    Draft,
    Submitted,
    Returned,
    Approved,
    Rejected,
    Withdrawn,
}

/// <summary>
/// An application, as the inline snapshot of its stream: what the queue, the resident's list and every
/// rule read. Its history is the stream itself.
/// </summary>
public sealed class Application
{
    public string Id { get; set; } = "";

    public string ProcedureKey { get; set; } = "";

    public int FormVersion { get; set; }

    public string? ApplicantId { get; set; }

    public string ApplicantName { get; set; } = "";

    public string ActorId { get; set; } = "";

    public string ActorName { get; set; } = "";

    public string Channel { get; set; } = "";

    /// <summary>The authorisation (委任) a helper acts under (channel helper).</summary>
    public string? AuthorisationId { get; set; }

    public ApplicationStatus Status { get; set; }

    public string AnswersJson { get; set; } = "{}";

    public string? ReceiptNumber { get; set; }

    /// <summary>The resident's mail address when they submitted online (personal data: erased with the rest); null at the counter.</summary>
    public string? ContactEmail { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? SubmittedAt { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    /// <summary>When it was decided or withdrawn: its retention period (保存期間) runs from here.</summary>
    public DateTimeOffset? ClosedAt { get; set; }

    /// <summary>When its personal data was erased after the retention period; null while it is kept.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public string? AssigneeId { get; set; }

    public string? AssigneeName { get; set; }

    /// <summary>Why it was returned or rejected: shown to the resident.</summary>
    public string? Reason { get; set; }

    public bool IsOpenForResident => Status is ApplicationStatus.Draft or ApplicationStatus.Returned;

    public bool AwaitsDecision => Status == ApplicationStatus.Submitted;

    /// <summary>A draft started online (by the resident or their helper) is theirs alone until submitted: staff do not see it.</summary>
    public bool IsPrivateDraft => Status == ApplicationStatus.Draft && Channel != Contracts.EApplication.ApplicationChannels.Counter;

    public void Apply(ApplicationStarted e)
    {
        Id = e.Id;
        ProcedureKey = e.ProcedureKey;
        FormVersion = e.FormVersion;
        ApplicantId = e.ApplicantId;
        ApplicantName = e.ApplicantName;
        ActorId = e.ActorId;
        ActorName = e.ActorName;
        Channel = e.Channel;
        AuthorisationId = e.AuthorisationId;
        Status = ApplicationStatus.Draft;
        StartedAt = UpdatedAt = e.At;
    }

    public void Apply(AnswersSaved e) => (AnswersJson, UpdatedAt) = (e.AnswersJson, e.At);

    public void Apply(Submitted e)
    {
        ReceiptNumber = e.ReceiptNumber;
        ContactEmail = e.ContactEmail;
        AnswersJson = e.AnswersJson;
        Status = ApplicationStatus.Submitted;
        SubmittedAt = UpdatedAt = e.At;
    }

    public void Apply(Assigned e) => (AssigneeId, AssigneeName, UpdatedAt) = (e.StaffId, e.StaffName, e.At);

    public void Apply(ReturnedForCorrection e) => (Status, Reason, UpdatedAt) = (ApplicationStatus.Returned, e.Reason, e.At);

    public void Apply(Resubmitted e) => (Status, AnswersJson, Reason, UpdatedAt) = (ApplicationStatus.Submitted, e.AnswersJson, null, e.At);

    public void Apply(Approved e) => (Status, Reason, DecidedAt, ClosedAt, UpdatedAt) = (ApplicationStatus.Approved, e.Note, e.At, e.At, e.At);

    public void Apply(Rejected e) => (Status, Reason, DecidedAt, ClosedAt, UpdatedAt) = (ApplicationStatus.Rejected, e.Reason, e.At, e.At, e.At);

    public void Apply(Withdrawn e) => (Status, ClosedAt, UpdatedAt) = (ApplicationStatus.Withdrawn, e.At, e.At);

    /// <summary>The events are masked too (PersonalDataMasking); the snapshot keeps no copy of what they held.</summary>
    public void Apply(PersonalDataErased e)
    {
        AnswersJson = "{}";
        ApplicantName = ActorName = "";
        Reason = ContactEmail = null;
        ErasedAt = e.At;
    }

    public void Apply(CommentAdded e) => UpdatedAt = e.At;

    public void Apply(AttachmentAdded e) => UpdatedAt = e.At;

    public void Apply(AttachmentRemoved e) => UpdatedAt = e.At;
}
