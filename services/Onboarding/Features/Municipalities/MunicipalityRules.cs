using System.Net.Mail;
using System.Text.RegularExpressions;
using Marten;
using Npgsql;
using SharedServices.Contracts.Tenancy;
using SharedServices.Onboarding.Municipalities;

namespace SharedServices.Onboarding.Features.Municipalities;

/// <summary>What a town's profile must look like, shared by onboarding and profile changes.</summary>
public static partial class MunicipalityRules
{
    public static readonly TenantBranding DefaultBranding = new("#1F5FA8", "#F2F6FB", null);

    // Words the platform uses in its own addresses cannot be a town's slug.
    private static readonly HashSet<string> ReservedSlugs =
        ["www", "api", "admin", "operator", "prefecture", "t", "health", "openapi", "identity", "auth", "login",
         "portal", "static", "assets", "mail", "localhost", "gateway", "console"];

    [GeneratedRegex("^[a-z][a-z0-9-]{0,38}[a-z0-9]$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex ColorPattern();

    public static void CheckSlug(string slug, Dictionary<string, string[]> errors)
    {
        if (!SlugPattern().IsMatch(slug) || slug.Contains("--", StringComparison.Ordinal))
        {
            errors["slug"] = ["A slug is 2–40 lower-case letters, digits and single hyphens, starting with a letter (e.g. kaneyama)."];
        }
        else if (ReservedSlugs.Contains(slug))
        {
            errors["slug"] = [$"'{slug}' is reserved by the platform."];
        }
    }

    public static void CheckNames(string nameJa, string nameEn, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(nameJa) || nameJa.Length > 40 || nameJa.Any(char.IsControl))
        {
            errors["nameJa"] = ["The Japanese name is 1–40 characters (e.g. 金山町)."];
        }
        if (string.IsNullOrWhiteSpace(nameEn) || nameEn.Length > 60 || nameEn.Any(c => c > '\u024F' || char.IsControl(c)))
        {
            errors["nameEn"] = ["The English name is 1–60 Latin characters (e.g. Kaneyama Town)."];
        }
    }

    public static void CheckBranding(TenantBranding branding, Dictionary<string, string[]> errors)
    {
        if (!ColorPattern().IsMatch(branding.PrimaryColor))
        {
            errors["branding.primaryColor"] = ["A colour is #RRGGBB."];
        }
        if (!ColorPattern().IsMatch(branding.AccentColor))
        {
            errors["branding.accentColor"] = ["A colour is #RRGGBB."];
        }
        if (branding.LogoUrl is { } logo && !logo.StartsWith(UploadLogo.PortalPath + "?v=", StringComparison.Ordinal)
            && (logo.Length > 500 || !Uri.TryCreate(logo, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps))
        {
            errors["branding.logoUrl"] = ["A logo is an https:// address of at most 500 characters (or one uploaded: PUT …/logo)."];
        }
    }

    /// <summary>The first administrator, trimmed, or null when none was named; errors name the field at fault.</summary>
    public static TenantAdmin? CheckFirstAdmin(TenantAdmin? admin, Dictionary<string, string[]> errors)
    {
        if (admin is null)
        {
            return null;
        }
        var email = admin.Email.Trim();
        var displayName = admin.DisplayName.Trim();
        // One plain address (no "Name <a@b>", no list), with a dotted domain: it becomes the login name.
        if (email.Length > 254 || !MailAddress.TryCreate(email, out var address) || address.Address != email
            || address.DisplayName.Length > 0 || !address.Host.Contains('.', StringComparison.Ordinal))
        {
            errors["firstAdmin.email"] = ["An e-mail address such as admin@town.example (at most 254 characters)."];
        }
        if (displayName.Length is 0 or > 100 || displayName.Any(char.IsControl))
        {
            errors["firstAdmin.displayName"] = ["The administrator's name is 1–100 characters (e.g. 金山 太郎)."];
        }
        return new TenantAdmin(email, displayName);
    }

    public static async Task CheckSlugFreeAsync(IQuerySession session, string slug, string? exceptCode, Dictionary<string, string[]> errors, CancellationToken ct)
    {
        if (!errors.ContainsKey("slug") && await session.Query<Municipality>().AnyAsync(m => m.Slug == slug && m.Id != exceptCode, ct))
        {
            errors["slug"] = [$"'{slug}' is already used by another town."];
        }
    }

    /// <summary>A commit lost a race on a unique slug or stream key.</summary>
    public static bool IsUniqueViolation(Exception ex) =>
        ex is Marten.Exceptions.ExistingStreamIdCollisionException or JasperFx.Events.ExistingStreamIdCollisionException
        || (ex.InnerException is { } inner && IsUniqueViolation(inner))
        || ex is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation };
}
