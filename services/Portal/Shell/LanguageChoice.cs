namespace SharedServices.Portal.Shell;

public static class LanguageChoice
{
    /// <summary>A <c>?lang=ja|en</c> choice is remembered in a cookie for the following pages.</summary>
    public static WebApplication UseLanguageChoice(this WebApplication app)
    {
        app.Use(async (http, next) =>
        {
            if (http.Request.Query["lang"].ToString() is var language && language is "ja" or "en")
            {
                http.Response.Cookies.Append(PortalView.LanguageCookie, language, new CookieOptions
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
}
