using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication;
using SharedServices.Tenancy;

namespace SharedServices.Portal.Features.ServiceApi;

/// <summary>
/// A platform service's HTTP API, called server-side on the signed-in person's behalf: their access
/// token (saved at sign-in) as the bearer, the town of this request by path
/// (<c>{base address}/t/{slug}/…</c>, so the address works behind any host name). Every answer is an
/// <see cref="ApiResult{T}"/>: a value, or the problem the service gave (never an exception for a 4xx),
/// or "unavailable" when the service cannot be reached or fails.
/// </summary>
public abstract class ServiceApiClient(HttpClient http, IHttpContextAccessor accessor, ILogger logger, string service)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected static string Escape(string value) => Uri.EscapeDataString(value);

    /// <summary>The page's request the calls are made for.</summary>
    protected HttpContext Context => accessor.HttpContext ?? throw new InvalidOperationException("No request.");

    /// <param name="town">
    /// True (the default): the call is the town's, and this request must address one. False: the
    /// platform's plain address, for people who belong to no town (a merchant, 加盟店).
    /// </param>
    /// <param name="streamed">The caller reads the successful response's body and disposes of it (T is the response).</param>
    protected async Task<ApiResult<T>> SendAsync<T>(HttpMethod method, string path, HttpContent? content, CancellationToken ct,
        bool streamed = false, bool town = true)
    {
        var context = Context;
        var prefix = "";
        if (town)
        {
            var tenant = context.Features.Get<ResolvedTenant>()?.Tenant
                ?? throw new InvalidOperationException($"The {service} pages of a town serve a town's address only.");
            prefix = $"t/{Escape(tenant.Slug)}/";
        }
        using var request = new HttpRequestMessage(method, prefix + path) { Content = content };
        if (await context.GetTokenAsync("access_token") is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        request.Headers.AcceptLanguage.ParseAdd(Shell.PortalView.LanguageOf(context));
        try
        {
            var response = await http.SendAsync(request, streamed ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead, ct);
            if (response.IsSuccessStatusCode && streamed)
            {
                return (T)(object)response;
            }
            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    // A step without a body (204) answers only "done".
                    return typeof(T) == typeof(bool) ? (T)(object)true : (await response.Content.ReadFromJsonAsync<T>(Json, ct))!;
                }
                if ((int)response.StatusCode >= 500)
                {
                    logger.LogWarning("{Service} answered {Status} to {Method} {Path}", service, (int)response.StatusCode, method, path);
                    return ApiProblem.Unavailable;
                }
                return await ApiProblem.ReadAsync(response, ct);
            }
        }
        catch (HttpRequestException e)
        {
            logger.LogWarning(e, "{Service} unreachable for {Method} {Path}", service, method, path);
            return ApiProblem.Unavailable;
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "{Service} timed out for {Method} {Path}", service, method, path);
            return ApiProblem.Unavailable;
        }
    }

    /// <summary>
    /// A file's bytes as a stream from the service's response, which the request disposes of when it
    /// ends (the file is passed through, never held whole in memory).
    /// </summary>
    /// <summary>All the service holds of a town, as NDJSON (the prefecture's operators, for an offboarded town's export).</summary>
    public Task<ApiResult<FileDownload>> TownDataExportAsync(string code, CancellationToken ct) =>
        DownloadAsync($"operator/towns/{Escape(code)}/export", ct, town: false);

    protected async Task<ApiResult<FileDownload>> DownloadAsync(string path, CancellationToken ct, bool town = true)
    {
        var read = await SendAsync<HttpResponseMessage>(HttpMethod.Get, path, null, ct, streamed: true, town: town);
        if (read.Problem is { } problem)
        {
            return problem;
        }
        var response = read.Value!;
        Context.Response.RegisterForDispose(response);
        var headers = response.Content.Headers;
        var fileName = headers.ContentDisposition?.FileNameStar ?? headers.ContentDisposition?.FileName?.Trim('"') ?? "file";
        return new FileDownload(await response.Content.ReadAsStreamAsync(ct),
            headers.ContentType?.MediaType ?? "application/octet-stream", fileName, headers.ContentLength);
    }
}

public static class ServiceApiClientSetup
{
    /// <summary>A typed client of a service's API at the base address in <paramref name="setting"/> (e.g. <c>Services:Points</c>).</summary>
    public static IHostApplicationBuilder AddServiceApiClient<TClient>(this IHostApplicationBuilder builder, string setting)
        where TClient : ServiceApiClient
    {
        var address = builder.Configuration[setting]
            ?? throw new InvalidOperationException($"{setting} is not set: the address of the service {typeof(TClient).Name} calls.");
        builder.Services.AddHttpClient<TClient>(client =>
        {
            client.BaseAddress = new Uri(address.EndsWith('/') ? address : address + "/");
            client.Timeout = TimeSpan.FromSeconds(30);
        });
        return builder;
    }
}
