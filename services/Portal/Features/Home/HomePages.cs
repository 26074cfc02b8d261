using System.Text.Encodings.Web;
using System.Text.Unicode;
using SharedServices.Tenancy;

namespace SharedServices.Portal.Features.Home;

/// <summary>
/// The portal's front doors: each town's branded home page (by host <c>{slug}.localhost</c> or path
/// <c>/t/{slug}/</c>), and the prefecture's list of towns. Served from the local tenant registry,
/// so a town onboarded a moment ago is here without a restart. Sign-in and the resident, staff and
/// operator areas come with the identity service.
/// </summary>
public static class HomePages
{
    public static IEndpointRouteBuilder MapHomePages(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", (HttpContext http, ITenantStore tenants) =>
            http.Features.Get<ResolvedTenant>() is { } resolved
                ? Html(TownPage(resolved.Tenant, http.Request.PathBase), resolved.Tenant.Branding.PrimaryColor)
                : Html(PrefecturePage(tenants.All.Where(t => t.IsActive).OrderBy(t => t.Id), http.Request), "#1F5FA8"));

        app.MapGet("/api/town", (HttpContext http) => TypedResults.Ok(http.Tenant())).RequireTenant();
        return app;
    }

    private static string TownPage(TenantInfo town, PathString pathBase) => $"""
        <header style="background:{E(town.Branding.PrimaryColor)};color:#fff;padding:1rem">
          <p style="margin:0">{E(town.NameEn)}</p>
          <h1 style="margin:.25rem 0 0">{E(town.NameJa)} 住民ポータル</h1>
        </header>
        <main id="main" style="padding:1rem">
          <p>ようこそ。{E(town.NameJa)}のオンライン手続・ポイント・お知らせはこちらから。</p>
          <h2>利用できるサービス</h2>
          <ul>{string.Concat(town.EnabledServices.Select(s => $"<li>{E(ServiceName(s))}</li>"))}</ul>
          <p><a href="{E(pathBase.Value ?? "")}/api/town">Town profile (JSON)</a></p>
        </main>
        """;

    private static string PrefecturePage(IEnumerable<TenantInfo> towns, HttpRequest request) => $"""
        <header style="background:#1F5FA8;color:#fff;padding:1rem"><h1 style="margin:0">県・市町村 共同サービス</h1></header>
        <main id="main" style="padding:1rem">
          <h2>市町村を選んでください</h2>
          <ul>{string.Concat(towns.Select(t =>
              $"""<li><a href="/t/{E(t.Slug)}/">{E(t.NameJa)}</a> ({E(t.NameEn)}) — <a href="{E(request.Scheme)}://{E(t.Slug)}.localhost:{request.Host.Port}/">{E(t.Slug)}.localhost</a></li>"""))}</ul>
        </main>
        """;

    private static string ServiceName(string service) => service switch
    {
        "e-application" => "電子申請 (Online applications)",
        "points" => "地域ポイント (Local points)",
        "talent" => "デジタル人材シェアリング (Shared digital talent)",
        _ => service,
    };

    private static IResult Html(string body, string themeColor) => Results.Content($"""
        <!doctype html>
        <html lang="ja">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
        <meta name="theme-color" content="{E(themeColor)}"><title>住民ポータル</title></head>
        <body style="font-family:sans-serif;font-size:1.125rem;margin:0">
        <a href="#main">本文へ移動</a>
        {body}
        </body>
        </html>
        """, "text/html; charset=utf-8");

    // Encodes markup characters but leaves Japanese text readable in the page source.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(UnicodeRanges.All);

    private static string E(string value) => Encoder.Encode(value);
}
