using System.Security.Claims;
using Microsoft.AspNetCore.Http;
using SharedServices.EApplication.Forms;

namespace SharedServices.Web;

/// <summary>Who is calling, from the identity service's token: account, name, role, assurance level and mail address. The one way every service reads it.</summary>
/// <param name="Email">The mail address in the token (a resident's or a merchant's login name); null if the token has none or it is not an address.</param>
public sealed record Caller(string Id, string Name, string Role, AssuranceLevel Assurance, string? Email = null)
{
    public bool IsResident => Role == PlatformRoles.Resident;

    public bool IsStaff => Role is PlatformRoles.TownAdmin or PlatformRoles.TownStaff;

    public bool IsTownAdmin => Role == PlatformRoles.TownAdmin;

    public static Caller Of(HttpContext http)
    {
        var user = http.User;
        var level = int.TryParse(user.FindFirstValue("ial"), out var ial) && Enum.IsDefined((AssuranceLevel)ial)
            ? (AssuranceLevel)ial
            : AssuranceLevel.Ial1;
        return new(user.FindFirstValue("sub") ?? "", user.FindFirstValue("name") ?? "", user.FindFirstValue("role") ?? "", level,
            user.FindFirstValue("email") is { } email && MimeKit.MailboxAddress.TryParse(email, out var address) && address.Address.Contains('@')
                ? address.Address
                : null);
    }
}
