using Microsoft.AspNetCore.WebUtilities;
using SharedServices.Identity.Server;
using SharedServices.Tenancy;

namespace SharedServices.Identity.Accounts;

/// <summary>
/// The town a sign-in is for: the portal adds <c>tenant</c> (the town's 地方公共団体コード) to its
/// authorization request. There, only that town's accounts, the prefecture's operators and talent
/// (who serve several towns) may sign in.
/// </summary>
public static class SignInTown
{
    public const string Parameter = "tenant";

    public const string OtherTownMessage =
        "このアカウントは別の市町村のものです。この市町村のアカウントでサインインしてください。" +
        "(This account belongs to another town. Sign in with an account of this town.)";

    /// <summary>A well-formed code, or null (no town named, or not one: then no town is assumed).</summary>
    public static string? Parse(string? code) => MunicipalityCode.IsValid(code) ? code : null;

    /// <summary>The town named by the authorization request a local return URL goes back to.</summary>
    public static string? FromReturnUrl(string? returnUrl)
    {
        if (returnUrl is null || !returnUrl.StartsWith(IdentityServerSetup.AuthorizationPath + "?", StringComparison.Ordinal))
        {
            return null;
        }
        var query = QueryHelpers.ParseQuery(returnUrl[IdentityServerSetup.AuthorizationPath.Length..]);
        return Parse(query.GetValueOrDefault(Parameter).ToString());
    }

    public static bool MaySignInAt(this Account account, string? town) =>
        town is null || account.Kind is AccountKind.Operator or AccountKind.Talent || account.TenantCode == town;
}
