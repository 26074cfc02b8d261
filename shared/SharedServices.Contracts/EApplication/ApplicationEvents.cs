namespace SharedServices.Contracts.EApplication;

// What other services learn of an application (電子申請): the town (the tenant-id header and TenantId),
// the procedure, the receipt number and times — never the answers, the applicant's name or address.
// Only an approval names the applicant, by their platform account id, so that a service can act for
// them (e.g. the points service grants 子育て応援ポイント for an approved 児童手当 application).

/// <summary>
/// How an application reached the town: the resident online, staff at the counter (窓口代行), or a
/// registered helper the resident authorised (代理申請).
/// </summary>
public static class ApplicationChannels
{
    public const string Online = "online";
    public const string Counter = "counter";
    public const string Helper = "helper";
}

/// <param name="ApplicationId">The application's id in the e-application service.</param>
/// <param name="FormVersion">The exact published version of the procedure's form it was made against.</param>
public sealed record ApplicationSubmitted(
    string TenantId, string ApplicationId, string ProcedureKey, int FormVersion, string ReceiptNumber,
    string Channel, DateTimeOffset SubmittedAt) : IIntegrationEvent;

/// <param name="ApplicantId">
/// The applicant's platform account id (the <c>sub</c> of their token); null when staff applied at the
/// counter for someone without an account. A later, optional member: events published before it
/// existed read as null, so the record keeps its name.
/// </param>
public sealed record ApplicationApproved(
    string TenantId, string ApplicationId, string ProcedureKey, string ReceiptNumber,
    DateTimeOffset SubmittedAt, DateTimeOffset DecidedAt, string? ApplicantId = null) : IIntegrationEvent;

public sealed record ApplicationRejected(
    string TenantId, string ApplicationId, string ProcedureKey, string ReceiptNumber,
    DateTimeOffset SubmittedAt, DateTimeOffset DecidedAt) : IIntegrationEvent;

/// <summary>Returned to the resident for correction (差戻し); a corrected application is submitted again.</summary>
public sealed record ApplicationReturned(
    string TenantId, string ApplicationId, string ProcedureKey, string ReceiptNumber,
    DateTimeOffset SubmittedAt, DateTimeOffset ReturnedAt) : IIntegrationEvent;

/// <summary>
/// The prefecture published a new version of a shared form template (県 共通様式); the towns that adopted
/// it are offered the update. Published in the prefecture's tenant.
/// </summary>
public sealed record FormTemplatePublished(string TemplateKey, int Version) : IIntegrationEvent;
