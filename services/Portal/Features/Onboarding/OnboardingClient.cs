using SharedServices.Portal.Features.ServiceApi;

namespace SharedServices.Portal.Features.Onboarding;

/// <summary>
/// The onboarding service's operator API (<c>Services:Onboarding</c>): the prefecture's towns and its DX
/// dashboard, called with the signed-in operator's token at the plain address (operators belong to no town).
/// </summary>
public sealed class OnboardingClient(HttpClient http, IHttpContextAccessor accessor, ILogger<OnboardingClient> logger)
    : ServiceApiClient(http, accessor, logger, "onboarding")
{
    /// <summary>Every town's figures for a month (yyyy-MM).</summary>
    public Task<ApiResult<DashboardMonth>> DashboardAsync(string month, CancellationToken ct) =>
        SendAsync<DashboardMonth>(HttpMethod.Get, $"operator/dashboard?month={Escape(month)}", null, ct, town: false);

    /// <summary>The figures per town and month from <paramref name="from"/> to <paramref name="until"/>, as CSV.</summary>
    public Task<ApiResult<FileDownload>> DashboardCsvAsync(string from, string until, CancellationToken ct) =>
        DownloadAsync($"operator/dashboard/figures.csv?from={Escape(from)}&until={Escape(until)}", ct, town: false);

    /// <summary>A code's names in the bundled national list (総務省), for the wizard to fill in.</summary>
    public Task<ApiResult<CatalogueEntry>> CatalogueAsync(string code, CancellationToken ct) =>
        SendAsync<CatalogueEntry>(HttpMethod.Get, $"operator/catalogue/{Escape(code)}", null, ct, town: false);

    /// <summary>Onboards one town (its services serve it within seconds; a first admin named is invited by mail).</summary>
    public Task<ApiResult<TownRecord>> OnboardAsync(NewTown town, CancellationToken ct) =>
        SendAsync<TownRecord>(HttpMethod.Post, "operator/municipalities", System.Net.Http.Json.JsonContent.Create(town), ct, town: false);

    /// <summary>The town's logo (PNG or JPEG; the onboarding service checks it and keeps it).</summary>
    public Task<ApiResult<TownRecord>> UploadLogoAsync(string code, byte[] image, string contentType, CancellationToken ct)
    {
        var content = new ByteArrayContent(image);
        content.Headers.ContentType = new(contentType);
        return SendAsync<TownRecord>(HttpMethod.Put, $"operator/municipalities/{Escape(code)}/logo", content, ct, town: false);
    }

    /// <summary>Onboards the towns of a CSV (一括登録): a dry run checks each row and changes nothing; applying onboards all or none.</summary>
    public Task<ApiResult<BulkResult>> BulkAsync(string csv, bool dryRun, CancellationToken ct) =>
        SendAsync<BulkResult>(HttpMethod.Post, $"operator/municipalities/bulk?dryRun={(dryRun ? "true" : "false")}",
            new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"), ct, town: false);

    // A town's lifecycle: suspend (its portal shows a maintenance page), resume, offboard (export, then deletion after the retention period)
    public Task<ApiResult<TownRecord>> TownAsync(string code, CancellationToken ct) =>
        SendAsync<TownRecord>(HttpMethod.Get, $"operator/municipalities/{Escape(code)}", null, ct, town: false);

    public Task<ApiResult<TownRecord>> SuspendAsync(string code, string reason, CancellationToken ct) =>
        SendAsync<TownRecord>(HttpMethod.Put, $"operator/municipalities/{Escape(code)}/suspension", System.Net.Http.Json.JsonContent.Create(new { reason }), ct, town: false);

    public Task<ApiResult<TownRecord>> ResumeAsync(string code, CancellationToken ct) =>
        SendAsync<TownRecord>(HttpMethod.Delete, $"operator/municipalities/{Escape(code)}/suspension", null, ct, town: false);

    public Task<ApiResult<TownRecord>> OffboardAsync(string code, CancellationToken ct) =>
        SendAsync<TownRecord>(HttpMethod.Post, $"operator/municipalities/{Escape(code)}/offboarding", null, ct, town: false);

    public Task<ApiResult<TownRetention>> RetentionAsync(string code, CancellationToken ct) =>
        SendAsync<TownRetention>(HttpMethod.Get, $"operator/municipalities/{Escape(code)}/offboarding", null, ct, town: false);

    /// <summary>The operators' audit log (操作ログ), newest first, as searched.</summary>
    public Task<ApiResult<AuditPage>> AuditAsync(AuditSearch search, CancellationToken ct)
    {
        var query = string.Join('&', new (string Name, string? Value)[]
            {
                ("q", search.Q), ("service", search.Service), ("town", search.Town), ("from", search.From), ("until", search.Until),
                ("page", search.Page.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            }
            .Where(p => !string.IsNullOrWhiteSpace(p.Value)).Select(p => $"{p.Name}={Escape(p.Value!)}"));
        return SendAsync<AuditPage>(HttpMethod.Get, $"operator/audit?{query}", null, ct, town: false);
    }
}

public static class OnboardingClientSetup
{
    /// <summary>The client of the onboarding API at <c>Services:Onboarding</c> (its base address).</summary>
    public static IHostApplicationBuilder AddOnboardingClient(this IHostApplicationBuilder builder) =>
        builder.AddServiceApiClient<OnboardingClient>("Services:Onboarding");
}
