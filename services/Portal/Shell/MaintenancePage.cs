using System.Text.Encodings.Web;
using SharedServices.Contracts.Tenancy;
using SharedServices.Tenancy;

namespace SharedServices.Portal.Shell;

/// <summary>
/// A suspended town's portal (一時停止中): a page, not an error — the town's services are paused by the
/// prefecture and its data is kept — with 503 and Retry-After so search engines and monitors read it as
/// maintenance. Bilingual, since the language choice cannot run here. API calls (<c>/api</c>) and
/// non-HTML requests keep the 404 problem; an offboarded town is gone, not in maintenance.
/// </summary>
public sealed class MaintenancePage : ITenantUnavailablePage
{
    public async Task<bool> TryWriteAsync(HttpContext context, TenantInfo tenant)
    {
        var wantsPage = context.Request.Headers.Accept.Any(a => a?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);
        if (tenant.Status != TenantStatuses.Suspended || !wantsPage || context.Request.Path.StartsWithSegments("/api"))
        {
            return false;
        }
        var html = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All); // names in Japanese as they are, markup escaped
        var (ja, en) = (html.Encode(tenant.NameJa), html.Encode(tenant.NameEn.Length > 0 ? tenant.NameEn : tenant.NameJa));
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "3600";
        context.Response.Headers.CacheControl = "no-store";
        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync($$"""
            <!DOCTYPE html>
            <html lang="ja">
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <title>{{ja}} — 一時停止中 (Paused)</title>
                <style>
                    body { margin: 0; font-family: system-ui, "Hiragino Sans", "Noto Sans JP", sans-serif; font-size: 1.125rem; line-height: 1.7; color: #1A1A1A; background: #FFFFFF; }
                    main { max-width: 40rem; margin: 0 auto; padding: 2rem 1.25rem; }
                    h1 { font-size: 1.75rem; line-height: 1.4; }
                    .notice { border-left: 5px solid #8A4B00; background: #FFF6EA; padding: .75rem 1rem; }
                </style>
            </head>
            <body>
                <main id="maintenance">
                    <h1>{{ja}}のオンラインサービスは一時停止しています</h1>
                    <p class="notice">県と{{ja}}がサービスを一時的に停止しています。これまでの申請やポイントなどのデータは保存されています。再開までしばらくお待ちください。お急ぎの手続きは役場の窓口へお問い合わせください。</p>
                    <section lang="en">
                        <h2>{{en}}: online services are paused</h2>
                        <p>The prefecture and {{en}} have paused these services for now. Your applications, points and other data are kept. Please come back later; for anything urgent, contact the town office.</p>
                    </section>
                </main>
            </body>
            </html>
            """);
        return true;
    }
}
