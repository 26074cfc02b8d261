using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace SharedServices.Web.Branding;

/// <summary>
/// Pages are in Japanese by default and in English on request: <c>?lang=en</c> (or <c>ja</c>) chooses,
/// and a cookie remembers the choice for the following pages (the portal's and the identity service's).
/// </summary>
public static class LanguageChoice
{
    public const string Cookie = "lang";

    /// <summary>A <c>?lang=ja|en</c> choice is remembered in a cookie for the following pages.</summary>
    public static WebApplication UseLanguageChoice(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.Request.Query["lang"].ToString() is var language && language is "ja" or "en")
            {
                http.Response.Cookies.Append(Cookie, language, new CookieOptions
                {
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    IsEssential = true,
                    MaxAge = TimeSpan.FromDays(365),
                });
            }
            await next(http);
        });
        return app;
    }

    /// <summary>"en" when asked for now (<c>?lang=en</c>) or before (the cookie), else "ja".</summary>
    public static string Of(HttpContext http) =>
        (http.Request.Query["lang"].ToString() is { Length: > 0 } asked ? asked : http.Request.Cookies[Cookie]) == "en" ? "en" : "ja";
}
