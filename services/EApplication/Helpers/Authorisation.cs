using SharedServices.EApplication.Forms;

namespace SharedServices.EApplication.Helpers;

/// <summary>
/// A resident's authorisation (委任) of a registered helper, as the inline snapshot of its stream: the
/// helper may start, fill in and submit applications for the resident while it is in force and the
/// helper is still registered.
/// </summary>
public sealed class Authorisation
{
    /// <summary>The longest an authorisation may run (and how long one without an end date runs).</summary>
    public static readonly TimeSpan MaxLength = TimeSpan.FromDays(366);

    public string Id { get; set; } = "";

    public string ResidentId { get; set; } = "";

    public string ResidentName { get; set; } = "";

    /// <summary>The resident's assurance level when they authorised: forms requiring a level are checked against this.</summary>
    public AssuranceLevel ResidentAssurance { get; set; }

    /// <summary>Where the receipt of an application a helper submits for the resident is mailed.</summary>
    public string? ResidentEmail { get; set; }

    public string HelperId { get; set; } = "";

    public string HelperAccountId { get; set; } = "";

    public string HelperName { get; set; } = "";

    public string HelperOrganisation { get; set; } = "";

    public string HelperCode { get; set; } = "";

    public DateTimeOffset GrantedAt { get; set; }

    public DateTimeOffset Until { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When the resident's personal data in it was erased (retention); null while kept.</summary>
    public DateTimeOffset? ErasedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && now < Until;

    public void Apply(AuthorisationGranted e)
    {
        (Id, ResidentId, ResidentName, ResidentAssurance) = (e.Id, e.ResidentId, e.ResidentName, e.ResidentAssurance);
        (HelperId, HelperAccountId, HelperName, HelperOrganisation, HelperCode) = (e.HelperId, e.HelperAccountId, e.HelperName, e.HelperOrganisation, e.HelperCode);
        (GrantedAt, Until, ResidentEmail) = (e.At, e.Until, e.ResidentEmail);
    }

    public void Apply(AuthorisationRevoked e) => RevokedAt = e.At;

    public void Apply(AuthorisationErased e) => (ResidentName, ResidentEmail, ErasedAt) = ("", null, e.At);
}
