using System.Text.Json;
using SharedServices.Contracts.EApplication;
using SharedServices.EApplication.Forms;

namespace SharedServices.Portal.Features.EApplication;

// What the pages read of the e-application API's answers (its Features/*Api.cs); the form itself is
// the service's own FormDefinition (linked source, see the project file).

public sealed record ProcedureSummary(string Key, LocalizedText? Title, int PublishedVersion);

public sealed record StartedApplication(string Id, string ProcedureKey, int FormVersion);

public sealed record SubmissionReceipt(string Id, string? ReceiptNumber);

public sealed record Attachment(string Id, string Field, string FileName, string ContentType, long Size);

/// <param name="Channel"><c>online</c>, or <c>helper</c> when a registered helper applied for the resident (代理申請).</param>
/// <param name="ActorName">Who filled it in: the resident, or their helper.</param>
public sealed record MyApplication(
    string Id, string ProcedureKey, int FormVersion, string Status, string? ReceiptNumber,
    DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, string Channel = "online", string ActorName = "")
{
    public bool ByHelper => Channel == "helper";
}

/// <summary>A step of an application's history: <c>started</c>, <c>submitted</c>, <c>returned</c>, <c>comment</c>…</summary>
public sealed record HistoryEntry(string What, DateTimeOffset At, string? Reason = null, string? By = null, string? Text = null);

/// <param name="Channel"><c>online</c>, or <c>helper</c> when a registered helper applied for the resident (代理申請).</param>
/// <param name="ActorName">Who filled it in: the resident, or their helper.</param>
/// <summary>Any side's view of an application that has a form with answers: what its form pages need.</summary>
public interface IFilledInApplication
{
    string ProcedureKey { get; }

    JsonElement Answers { get; }
}

public sealed record ResidentApplication(
    string Id, string ProcedureKey, int FormVersion, string Status, string? ReceiptNumber, string? Reason,
    DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, JsonElement Answers,
    IReadOnlyList<HistoryEntry> History, string Channel = "online", string ActorName = "") : IFilledInApplication
{
    public bool ByHelper => Channel == "helper";

    /// <summary>A draft, or returned for correction: the resident may change and (re)submit it (a helper's is the helper's to fill in).</summary>
    public bool IsOpen => !ByHelper && Status is ApplicationStatuses.Draft or ApplicationStatuses.Returned;

    /// <summary>Before a decision the resident may withdraw it.</summary>
    public bool CanWithdraw => Status is ApplicationStatuses.Draft or ApplicationStatuses.Submitted or ApplicationStatuses.Returned;
}

public sealed record QueueItem(
    string Id, string ProcedureKey, int FormVersion, string Status, string? ReceiptNumber, string ApplicantName,
    string Channel, string? AssigneeName, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt);

public sealed record StaffApplication(
    string Id, string ProcedureKey, int FormVersion, string Status, string? ReceiptNumber, string ApplicantName,
    string? ApplicantId, string? ActorName, string Channel, string? AssigneeId, string? AssigneeName, string? Reason,
    DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, JsonElement Answers, IReadOnlyList<HistoryEntry> History) : IFilledInApplication
{
    public bool AwaitsDecision => Status == ApplicationStatuses.Submitted;

    /// <summary>Made at the counter (窓口代行) and not yet submitted, or returned: staff may change and (re)submit it.</summary>
    public bool IsOpenAtCounter => Channel == ApplicationChannels.Counter && Status is ApplicationStatuses.Draft or ApplicationStatuses.Returned;
}

/// <summary>The statuses the API names (its <c>ApplicationStatus</c>).</summary>
public static class ApplicationStatuses
{
    public const string Draft = "Draft";
    public const string Submitted = "Submitted";
    public const string Returned = "Returned";
    public const string Approved = "Approved";
    public const string Rejected = "Rejected";
    public const string Withdrawn = "Withdrawn";

    /// <summary>What the staff queue can filter by (drafts are the resident's own).</summary>
    /// <summary>The console queue's filter: Draft lists the counter's unfinished applications (a resident's drafts are theirs alone).</summary>
    public static readonly IReadOnlyList<string> Queue = [Submitted, Returned, Approved, Rejected, Withdrawn, Draft];
}

/// <summary>A file of an application as <c>GET …/attachments</c> lists it.</summary>
public sealed record ListedAttachment(
    string Id, string Field, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt, bool Submitted);



/// <summary>
/// The files an application's answers name (by id), and where a page offers them for download
/// (the page with a <c>Download</c> handler; none: names only).
/// </summary>
public sealed record AttachedFiles(string ApplicationId, IReadOnlyDictionary<string, ListedAttachment> ById, string? DownloadPage);

/// <summary>A resident's authorisation (委任) of a registered helper, as <c>GET /authorisations</c> lists it.</summary>
public sealed record HelperAuthorisation(
    string Id, string HelperName, string HelperOrganisation, string HelperCode, DateOnly Until, bool Active,
    DateTimeOffset GrantedAt, DateTimeOffset? RevokedAt);

/// <summary>
/// A helper registration (支援者登録) as <c>GET /helpers/registration</c> and <c>GET /console/helpers</c>
/// give it: <c>Pending</c>, <c>Registered</c> (with the code, 支援者番号) or <c>Revoked</c>.
/// </summary>
public sealed record HelperRegistration(
    string Id, string Name, string Organisation, string Status, string? Code,
    DateTimeOffset RequestedAt, DateTimeOffset? ApprovedAt, DateTimeOffset? RevokedAt)
{
    public const string Pending = "Pending";
    public const string Registered = "Registered";
    public const string Revoked = "Revoked";

    /// <summary>What the console can list by.</summary>
    public static readonly IReadOnlyList<string> Statuses = [Pending, Registered, Revoked];
}

/// <summary>A helper's approval: the code (支援者番号) residents authorise them by.</summary>
public sealed record HelperApproval(string Id, string Code);

/// <summary>A resident who authorised the signed-in helper, as <c>GET /helping/residents</c> lists them.</summary>
public sealed record HelpedResident(string AuthorisationId, string ResidentName, DateTimeOffset Until, string ResidentAssurance);

/// <summary>An application a helper made for a resident (<c>GET /helping/applications[/{id}]</c>; the list has no answers).</summary>
public sealed record HelpingApplication(
    string Id, string ProcedureKey, int FormVersion, string ResidentName, string AuthorisationId, string Status,
    string? ReceiptNumber, DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt,
    string? Reason = null, JsonElement Answers = default) : IFilledInApplication
{
    /// <summary>A draft, or returned for correction: the helper may change and (re)submit it.</summary>
    public bool IsOpen => Status is ApplicationStatuses.Draft or ApplicationStatuses.Returned;
}

/// <summary>A prefecture template (県 共通様式) and its latest version.</summary>
public sealed record TemplateSummary(string Key, int Version, LocalizedText Title);

/// <summary>Which version of a template each town using e-application adopted, publishes and has on offer.</summary>
public sealed record TemplateAdoptions(string Template, int LatestVersion, IReadOnlyList<TownAdoption> Towns);

public sealed record TownAdoption(string Town, string NameJa, string NameEn, bool Adopted, int? TemplateVersion, int PublishedVersion, int? OfferedVersion);

/// <param name="Outcome"><c>adopted</c>, <c>already-adopted</c>, <c>not-using-e-application</c> or <c>unknown-town</c>.</param>
public sealed record RolloutResult(string Town, string Outcome, int? TemplateVersion);

