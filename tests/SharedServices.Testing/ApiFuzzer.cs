using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Npgsql;
using Xunit;

namespace SharedServices.Testing;

/// <summary>
/// Throws bad and hostile input at every operation a service's OpenAPI document (<c>/openapi/v1.json</c>) names, as
/// each of the callers given, and asserts what the platform promises for bad input (issue 9): a body that is not the
/// JSON the operation takes (malformed, not UTF-8, nested too deep, of the wrong media type) is refused with a 4xx
/// problem and stores nothing (the service database's event count does not move); nothing hostile, in a body, a path or a query, ever gets a 5xx; every 4xx with a body is RFC 9457
/// problem details. Each failure names the request that caused it; the figures are written to the test output.
/// </summary>
/// <remarks>
/// Use a fixture of its own: the hostile phase sends well-formed bodies too, which a service may accept and store.
/// Given the service's <paramref name="services"/>, a 5xx failure names the exception the service logged for it.
/// </remarks>
public sealed class ApiFuzzer(Func<string?, string?, HttpClient> client, TestDatabase database, IServiceProvider? services = null)
{
    /// <summary>Who calls: the host (town address, or none) and bearer token (or none), with a name for the report.</summary>
    public sealed record Caller(string Name, string? Host, string? Token);

    /// <summary>Bodies that are not the JSON any operation takes.</summary>
    private static readonly (string Name, string Text)[] Malformed =
    [
        ("truncated object", """{"a": """),
        ("not JSON", "これはJSONではありません"),
        ("bare null", "null"),
        ("empty", ""),
        ("array for object", "[1, 2, 3]"),
        ("string for object", "\"x\""),
        ("trailing garbage", "{} }"),
        ("nested 5,000 deep", new string('[', 5_000) + new string(']', 5_000)),
        ("lone surrogate escape", """{"a": "\ud800"}"""),
    ];

    /// <summary>Strings people and attackers send.</summary>
    private static readonly string[] Hostile =
    [
        "<script>alert('xss')</script>",
        "'; DROP TABLE mt_events; --",
        "../../../../etc/passwd",
        "\u0000\u0001\u001f",
        "\u202Eevil\u202C 𠮷野家 🍣 ｶﾀｶﾅ",
        "%00%2e%2e%2f{{7*7}}${jndi:ldap://x}",
        new string('長', 10_000), // 30 KB in each string: long, yet a body stays under the services' 256 KB limit (past it the gateway answers 413, GatewayTests)
        "",
        " ",
    ];

    private static readonly double[] HostileNumbers = [-1, 0, 9.2e18, 1e308, -1e308, 0.5];

    private readonly List<string> _failures = [];
    private readonly SortedDictionary<int, int> _statuses = [];
    private int _operations;
    private int _requests;
    private readonly ErrorLog _errors = ErrorLog.AttachTo(services);

    public async Task AssertRefusedSafelyAsync(IReadOnlyList<Caller> callers, IReadOnlyDictionary<string, string>? pathValues, CancellationToken ct)
    {
        using var anonymous = client(null, null);
        var document = JsonNode.Parse(await anonymous.GetStringAsync("/openapi/v1.json", ct))!;
        var schemas = document["components"]?["schemas"]?.AsObject();

        foreach (var (path, item) in document["paths"]!.AsObject())
        {
            foreach (var (method, operation) in item!.AsObject())
            {
                if (operation is not JsonObject op || method is "parameters" or "servers" or "summary" or "description")
                {
                    continue;
                }
                _operations++;
                var parameters = Parameters(item, op);
                var bodySchema = op["requestBody"]?["content"]?["application/json"]?["schema"];
                foreach (var caller in callers)
                {
                    using var http = client(caller.Host, caller.Token);
                    var url = Url(path, parameters, pathValues, query: null);
                    if (bodySchema is not null)
                    {
                        var before = await EventCountAsync(ct);
                        // An optional body (e.g. a settlement's "until") may be left out, or sent as a bare null: nothing given.
                        var bodyRequired = op["requestBody"]?["required"]?.GetValue<bool>() ?? false;
                        foreach (var (name, text) in Malformed.Where(m => bodyRequired || m.Text is not ("null" or "")))
                        {
                            await SendAsync(http, caller, method, url, Content(text, "application/json"), $"malformed body ({name})", mustRefuse: true, ct);
                        }
                        // Bytes that are not UTF-8 at all (0xFF, 0xFE, a lone continuation byte) in a string, labelled UTF-8.
                        var notUtf8 = new ByteArrayContent([.. "{\"a\": \""u8, 0xFF, 0xFE, 0x80, .. "\"}"u8]);
                        notUtf8.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                        await SendAsync(http, caller, method, url, notUtf8, "malformed body (invalid UTF-8)", mustRefuse: true, ct);
                        await SendAsync(http, caller, method, url, Content(Example(bodySchema, schemas, _ => "x")!.ToJsonString(), "text/plain"), "JSON sent as text/plain", mustRefuse: true, ct);
                        var after = await EventCountAsync(ct);
                        if (after != before)
                        {
                            _failures.Add($"{caller.Name} {method.ToUpperInvariant()} {url}: malformed bodies stored {after - before} events");
                        }

                        foreach (var hostile in Hostile)
                        {
                            var body = Example(bodySchema, schemas, _ => hostile);
                            await SendAsync(http, caller, method, url, Content(body!.ToJsonString(), "application/json"), $"hostile strings ({Shorten(hostile, 24)})", mustRefuse: false, ct);
                        }
                        foreach (var number in HostileNumbers)
                        {
                            var body = Example(bodySchema, schemas, _ => "x", number);
                            await SendAsync(http, caller, method, url, Content(body!.ToJsonString(), "application/json"), $"number {number}", mustRefuse: false, ct);
                        }
                        foreach (var wrong in WrongTypes(bodySchema, schemas))
                        {
                            await SendAsync(http, caller, method, url, Content(wrong.Body.ToJsonString(), "application/json"), $"wrong type for {wrong.Property}", mustRefuse: false, ct);
                        }
                    }
                    foreach (var hostile in Hostile.Where(h => h.Length < 1_000))
                    {
                        var hostileUrl = Url(path, parameters, null, query: hostile, pathValue: hostile);
                        await SendAsync(http, caller, method, hostileUrl, bodySchema is null ? null : Content("{}", "application/json"), $"hostile path and query ({Shorten(hostile, 24)})", mustRefuse: false, ct);
                    }
                }
            }
        }

        var report = $"{_operations} operations, {callers.Count} callers, {_requests} requests; statuses: "
            + string.Join(", ", _statuses.Select(s => $"{s.Key}×{s.Value}"));
        TestContext.Current.TestOutputHelper?.WriteLine(report);
        Assert.True(_operations > 0, "the OpenAPI document names no operation");
        Assert.True(_failures.Count == 0, $"{_failures.Count} of {_requests} requests broke a promise ({report}):\n" + string.Join("\n", _failures.Distinct().Take(60)));
    }

    private async Task SendAsync(HttpClient http, Caller caller, string method, string url, HttpContent? content, string what, bool mustRefuse, CancellationToken ct)
    {
        _errors.Clear();
        using var request = new HttpRequestMessage(new HttpMethod(method.ToUpperInvariant()), url) { Content = content };
        // A connection each: after a 413 Kestrel closes the connection it did not read to the end, and a pooled one
        // would fail the next request instead.
        request.Headers.ConnectionClose = true;
        var said = $"{caller.Name} {method.ToUpperInvariant()} {Shorten(url)} with {what}";
        _requests++;
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, ct);
        }
        catch (HttpRequestException e)
        {
            _failures.Add($"{said}: no answer ({e.Message} {e.InnerException?.Message})");
            return;
        }
        using var _ = response;
        var status = (int)response.StatusCode;
        _statuses[status] = _statuses.GetValueOrDefault(status) + 1;
        said += $": {status}";
        if (status >= 500)
        {
            _failures.Add($"{said} {Shorten(await response.Content.ReadAsStringAsync(ct))} {_errors.Last()}");
        }
        else if (mustRefuse && status < 400)
        {
            _failures.Add($"{said}, accepted");
        }
        else if (status >= 400 && response.Content.Headers.ContentLength is not 0
                 && response.Content.Headers.ContentType?.MediaType is { } type && type != "application/problem+json")
        {
            _failures.Add($"{said} answered {type}, not problem details");
        }
    }

    private async Task<long> EventCountAsync(CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(database.OwnerConnectionString);
        await connection.OpenAsync(ct);
        var schemas = new List<string>();
        await using (var find = new NpgsqlCommand("select table_schema from information_schema.tables where table_name = 'mt_events'", connection))
        await using (var reader = await find.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                schemas.Add(reader.GetString(0));
            }
        }
        long total = 0;
        foreach (var schema in schemas)
        {
            await using var count = new NpgsqlCommand($"select count(*) from \"{schema}\".mt_events", connection);
            total += (long)(await count.ExecuteScalarAsync(ct))!;
        }
        return total;
    }

    internal static List<(string Name, string In)> Parameters(JsonNode item, JsonObject op) =>
        (item["parameters"]?.AsArray() ?? []).Concat(op["parameters"]?.AsArray() ?? [])
            .Select(p => (p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>()))
            .ToList();

    internal static string Url(string path, List<(string Name, string In)> parameters, IReadOnlyDictionary<string, string>? pathValues, string? query, string? pathValue = null)
    {
        var url = path;
        foreach (var (name, where) in parameters.Where(p => p.In == "path"))
        {
            var value = pathValue ?? pathValues?.GetValueOrDefault(name) ?? Guid.NewGuid().ToString("N");
            url = url.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
        }
        var queries = parameters.Where(p => p.In == "query").Select(p => $"{p.Name}={Uri.EscapeDataString(query ?? "x")}").ToList();
        return queries.Count == 0 ? url : $"{url}?{string.Join('&', queries)}";
    }

    internal static StringContent Content(string text, string mediaType)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return content;
    }

    /// <summary>A body shaped like <paramref name="schema"/>, with every string from <paramref name="text"/>.</summary>
    internal static JsonNode? Example(JsonNode? schema, JsonObject? schemas, Func<string, string> text, double? number = null, int depth = 0)
    {
        schema = Resolve(schema, schemas);
        if (schema is null || depth > 6)
        {
            return null;
        }
        if (schema["enum"] is JsonArray values && values.Count > 0)
        {
            return values[0]?.DeepClone();
        }
        foreach (var combined in new[] { "oneOf", "anyOf", "allOf" })
        {
            if (schema[combined] is JsonArray options && options.FirstOrDefault(o => Type(Resolve(o, schemas)) != "null") is { } first)
            {
                return Example(first, schemas, text, number, depth + 1);
            }
        }
        switch (Type(schema))
        {
            case "object":
                var body = new JsonObject();
                foreach (var (name, property) in schema["properties"]?.AsObject() ?? [])
                {
                    body[name] = Example(property, schemas, text, number, depth + 1);
                }
                if (schema["additionalProperties"] is JsonObject extra && body.Count == 0)
                {
                    body["field"] = Example(extra, schemas, text, number, depth + 1);
                }
                return body;
            case "array":
                return new JsonArray(Example(schema["items"], schemas, text, number, depth + 1));
            case "integer":
                return number is not { } n ? 1 : n == Math.Floor(n) && Math.Abs(n) < 9e18 ? (long)n : n;
            case "number":
                return number ?? 1;
            case "boolean":
                return true;
            case "string":
                return schema["format"]?.GetValue<string>() switch
                {
                    "date" when text("") == "x" => "2027-04-01",
                    "date-time" when text("") == "x" => "2027-04-01T09:00:00+09:00",
                    "uuid" when text("") == "x" => Guid.NewGuid().ToString(),
                    _ => text(""),
                };
            default:
                return text("");
        }
    }

    /// <summary>For each top-level property, the example body with that property given a value of the wrong JSON type.</summary>
    private static IEnumerable<(string Property, JsonNode Body)> WrongTypes(JsonNode schema, JsonObject? schemas)
    {
        var resolved = Resolve(schema, schemas);
        if (resolved?["properties"] is not JsonObject properties)
        {
            yield break;
        }
        foreach (var (name, property) in properties)
        {
            var body = Example(resolved, schemas, _ => "x")!.AsObject();
            body[name] = Type(Resolve(property, schemas)) switch
            {
                "string" => new JsonArray(1, 2),
                "array" => "not a list",
                "object" => 42,
                _ => new JsonObject { ["nested"] = "x" },
            };
            yield return (name, body);
        }
    }

    private static JsonNode? Resolve(JsonNode? schema, JsonObject? schemas)
    {
        for (var i = 0; i < 10 && schema?["$ref"]?.GetValue<string>() is { } reference; i++)
        {
            schema = schemas?[reference.Split('/')[^1]];
        }
        return schema;
    }

    /// <summary>The schema's JSON type; of a 3.1 type list, the first that is neither null nor the string a number may be read from.</summary>
    private static string? Type(JsonNode? schema) => schema?["type"] switch
    {
        JsonValue single => single.GetValue<string>(),
        JsonArray many => many.Select(t => t!.GetValue<string>()).Where(t => t != "null").OrderBy(t => t == "string").FirstOrDefault(),
        _ => schema?["properties"] is not null ? "object" : null,
    };

    internal static string Shorten(string text, int length = 120) => text.Length <= length ? text : text[..length] + $"…({text.Length} chars)";

    /// <summary>The errors the service logs, so a 5xx can be explained by its exception.</summary>
    private sealed class ErrorLog : ILoggerProvider, ILogger
    {
        private readonly List<string> _lines = [];

        public static ErrorLog AttachTo(IServiceProvider? services)
        {
            var log = new ErrorLog();
            (services?.GetService(typeof(ILoggerFactory)) as ILoggerFactory)?.AddProvider(log);
            return log;
        }

        public void Clear()
        {
            lock (_lines)
            {
                _lines.Clear();
            }
        }

        public string Last()
        {
            lock (_lines)
            {
                return _lines.Count == 0 ? "" : $"(logged: {_lines[^1]})";
            }
        }

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Error;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (exception is null || !IsEnabled(logLevel))
            {
                return;
            }
            var frame = exception.StackTrace?.Split('\n').FirstOrDefault(l => l.Contains("SharedServices."))?.Trim();
            lock (_lines)
            {
                _lines.Add($"{exception.GetType().Name}: {exception.Message} {frame}");
            }
        }

        public void Dispose()
        {
        }
    }
}
