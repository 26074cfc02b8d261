using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.WebUtilities;
using SharedServices.Identity.Accounts;
using SharedServices.Tenancy;
using SharedServices.Web.Branding;

namespace SharedServices.Identity.Features;

/// <summary>
/// What the shared layout shows around every identity page: the town being signed into (its names,
/// logo and colours, from the tenant registry) or, with no town, the prefecture; and the language
/// (Japanese by default, English on request, remembered in a cookie, as on the portal).
/// The town is the one a page chose (<see cref="ShowTown"/>: the invitation's, the reset account's),
/// else the <c>tenant</c> named by the request or by the authorization request it returns to.
/// </summary>
public sealed partial class IdentityView(IHttpContextAccessor accessor, ITenantStore tenants, IConfiguration configuration)
{
    private const string DefaultBrand = "#1F4E8C";
    private const string DefaultAccent = "#EEF3FA";

    private string? _chosenTown;

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No request.");

    /// <summary>The town code this request signs into, if it names one (<see cref="SignInTown"/>).</summary>
    public string? RequestedTown =>
        SignInTown.Parse(Value(SignInTown.Parameter)) ?? SignInTown.FromReturnUrl(Value("ReturnUrl"));

    /// <summary>The town shown: a known, active town of the registry, or null for the prefecture.</summary>
    public TenantInfo? Town =>
        (_chosenTown ?? RequestedTown) is { } code && tenants.FindById(code) is { IsActive: true } town ? town : null;

    /// <summary>A page that knows its town from elsewhere (an invitation, an account) shows that one.</summary>
    public void ShowTown(string? code) => _chosenTown = code;

    public string Language => LanguageChoice.Of(Http);

    public bool English => Language == "en";

    /// <summary>The text in the page's language.</summary>
    public string T(string ja, string en) => English ? en : ja;

    /// <summary>The town's name (or the prefecture's shared services) in the page's language.</summary>
    public string SiteName => Town is { } town
        ? T(town.NameJa, town.NameEn)
        : T($"{configuration["Platform:PrefectureNameJa"]} 市町村共同サービス", $"{configuration["Platform:PrefectureNameEn"]} shared services for towns");

    /// <summary>The town's name in the other language, under the main one.</summary>
    public string? OtherSiteName => Town is { } town ? T(town.NameEn, town.NameJa) : null;

    public string? LogoUrl => Town?.Branding.LogoUrl;

    public string BrandColor => Color(Town?.Branding.PrimaryColor, DefaultBrand);

    public string BrandTextColor => BrandColors.TextOn(BrandColor);

    public string AccentColor => Color(Town?.Branding.AccentColor, DefaultAccent);

    public string AccentTextColor => BrandColors.TextOn(AccentColor);

    /// <summary>The same page in the other language, keeping its query (the return URL, the token).</summary>
    public string OtherLanguageHref
    {
        get
        {
            var query = Http.Request.Query.Where(p => p.Key != "lang")
                .Append(new("lang", English ? "ja" : "en"));
            return Http.Request.PathBase + Http.Request.Path + QueryString.Create(query);
        }
    }

    /// <summary>A link to another identity page that keeps the way back to the authorization request.</summary>
    public string WithReturnUrl(string path) =>
        Value("ReturnUrl") is { Length: > 0 } returnUrl ? QueryHelpers.AddQueryString(path, "ReturnUrl", returnUrl) : path;

    public string Format(string ja, string en, params object[] values) =>
        string.Format(CultureInfo.InvariantCulture, T(ja, en), values);

    private string? Value(string name) =>
        Http.Request.Query[name] is { Count: > 0 } fromQuery ? fromQuery.ToString()
        : Http.Request.HasFormContentType && Http.Request.Form[name] is { Count: > 0 } fromForm ? fromForm.ToString()
        : null;

    // Colours come from the onboarding service, which checks them; a bad one still must not break the page.
    private static string Color(string? color, string fallback) => color is not null && ColorPattern().IsMatch(color) ? color : fallback;

    [GeneratedRegex("^#[0-9A-Fa-f]{6}$")]
    private static partial Regex ColorPattern();
}
