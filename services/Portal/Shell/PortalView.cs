using SharedServices.Tenancy;
using SharedServices.Web.Branding;

namespace SharedServices.Portal.Shell;

/// <summary>
/// What every page of the shell needs to know about the request: the town (if any), the language
/// (Japanese by default, English on request, remembered in a cookie) and the texts in it.
/// </summary>
public sealed class PortalView(IHttpContextAccessor accessor, IConfiguration configuration)
{
    public const string LanguageCookie = LanguageChoice.Cookie;

    private HttpContext Http => accessor.HttpContext ?? throw new InvalidOperationException("No request.");

    /// <summary>The town this request addresses, or null on the prefecture's own pages.</summary>
    public TenantInfo? Town => Http.Features.Get<ResolvedTenant>()?.Tenant;

    public bool English => Language == "en";

    public string Language => LanguageOf(Http);

    /// <summary>"en" when asked for in the query or remembered in the cookie, else "ja".</summary>
    public static string LanguageOf(HttpContext http) =>
        (http.Request.Query["lang"].ToString() is { Length: > 0 } asked ? asked : http.Request.Cookies[LanguageCookie]) == "en" ? "en" : "ja";

    public string PathBase => Http.Request.PathBase.Value ?? "";

    public string T(string key) => PortalTexts.Get(key, Language);

    /// <summary>The town's name in the page's language (the prefecture's own pages: the platform's name).</summary>
    public string SiteName => Town is { } town
        ? (English ? town.NameEn : town.NameJa)
        : string.Format(System.Globalization.CultureInfo.InvariantCulture, T("prefecture.site"),
            configuration[English ? "Platform:PrefectureNameEn" : "Platform:PrefectureNameJa"]);

    public string BrandColor => Town?.Branding.PrimaryColor ?? "#1F4E8C";

    public string BrandTextColor => BrandColors.TextOn(BrandColor);

    public string AccentColor => Town?.Branding.AccentColor ?? "#EEF3FA";

    public string AccentTextColor => BrandColors.TextOn(AccentColor);

    /// <summary>The same page in the other language.</summary>
    public string OtherLanguageHref => $"{PathBase}{Http.Request.Path}?lang={(English ? "ja" : "en")}";
}
