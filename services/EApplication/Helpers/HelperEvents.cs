using SharedServices.EApplication.Forms;

namespace SharedServices.EApplication.Helpers;

// Registered helpers (支援者: 民生委員, 社会福祉協議会 …) and the authorisations (委任) residents give them,
// each a stream in the town's tenant.

/// <summary>A resident of the town asked to become a helper. Stream: <c>helper-{account}-{n}</c>, the n-th request of that account.</summary>
public sealed record HelperRegistrationRequested(string Id, string AccountId, string Name, string Organisation, DateTimeOffset At);

/// <summary>Staff approved the request: the helper's code (支援者番号), unique in the town and never given again.</summary>
public sealed record HelperApproved(string Code, string By, DateTimeOffset At);

/// <summary>Staff revoked the registration (or refused the request): every authorisation to it stops working.</summary>
public sealed record HelperRevoked(string? Reason, string By, DateTimeOffset At);

/// <summary>
/// A resident authorised a registered helper to apply on their behalf (代理申請) until a time. Their
/// assurance level as it was now: what a form requiring a level is checked against, never the helper's.
/// Their mail address, if their token carried one: the receipt of what a helper submits goes to them.
/// </summary>
public sealed record AuthorisationGranted(
    string Id, string ResidentId, string ResidentName, AssuranceLevel ResidentAssurance,
    string HelperId, string HelperAccountId, string HelperName, string HelperOrganisation, string HelperCode,
    DateTimeOffset Until, DateTimeOffset At, string? ResidentEmail = null);

/// <summary>The resident took the authorisation back.</summary>
public sealed record AuthorisationRevoked(string By, DateTimeOffset At);

/// <summary>
/// The authorisation had ended and every application made under it had been erased: the resident's
/// name and address in it were erased too (its events masked). What remains: ids, helper, times.
/// </summary>
public sealed record AuthorisationErased(DateTimeOffset At);
