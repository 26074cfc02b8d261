using System.Text.Json;

namespace SharedServices.Portal.Features.ServiceApi;

/// <summary>What a call to a platform service's API gave: its value, or the problem it answered.</summary>
public readonly record struct ApiResult<T>(T? Value, ApiProblem? Problem)
{
    public bool Ok => Problem is null;

    public static implicit operator ApiResult<T>(T value) => new(value, null);

    public static implicit operator ApiResult<T>(ApiProblem problem) => new(default, problem);
}

/// <summary>
/// An RFC 9457 problem from a service's API (e-application, points), as a page shows it: a status, a message, and
/// messages per field (validation errors are keyed by field key and read "日本語 (English)").
/// </summary>
public sealed record ApiProblem(int Status, string Title, string? Detail, IReadOnlyDictionary<string, string[]> Errors)
{
    private static readonly Dictionary<string, string[]> NoErrors = [];

    /// <summary>The service could not be reached or failed: the page says "try again later" (503).</summary>
    public static readonly ApiProblem Unavailable = new(StatusCodes.Status503ServiceUnavailable, "unavailable", null, NoErrors);

    public bool IsUnavailable => ReferenceEquals(this, Unavailable);

    public static async Task<ApiProblem> ReadAsync(HttpResponseMessage response, CancellationToken ct)
    {
        var status = (int)response.StatusCode;
        var title = response.ReasonPhrase ?? status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            if (body.Length == 0)
            {
                return new(status, title, null, NoErrors);
            }
            using var json = JsonDocument.Parse(body);
            var root = json.RootElement;
            var errors = new Dictionary<string, string[]>();
            if (root.TryGetProperty("errors", out var fields) && fields.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in fields.EnumerateObject())
                {
                    errors[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? [.. field.Value.EnumerateArray().Select(m => m.ToString())]
                        : [field.Value.ToString()];
                }
            }
            return new(status,
                root.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : title,
                root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null,
                errors);
        }
        catch (JsonException)
        {
            return new(status, title, null, NoErrors);
        }
    }
}

/// <summary>A file passed through from the service: its bytes, type and name.</summary>
public sealed record FileDownload(Stream Content, string ContentType, string FileName, long? Length);
