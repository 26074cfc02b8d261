using System.Text;
using Marten;
using Microsoft.AspNetCore.Http.Features;
using SharedServices.Contracts.Tenancy;
using SharedServices.Onboarding.Municipalities;
using SharedServices.Onboarding.OperatorAccess;
using SharedServices.Web;

namespace SharedServices.Onboarding.Features.Municipalities;

/// <summary>
/// The prefecture onboards many towns from a CSV (一括登録): a dry run first (each row checked as a single
/// onboarding is, plus codes and slugs used twice in the file), then the same file applied — all towns in
/// one transaction, or none when any row has an error, so nothing is ever half-applied.
/// Columns (header row, any order): <c>code</c>, <c>slug</c> (required); <c>nameJa</c>, <c>nameEn</c>,
/// <c>services</c> (separated by spaces or semicolons), <c>adminEmail</c> with <c>adminName</c>,
/// <c>primaryColor</c> with <c>accentColor</c>. At most <see cref="MaxRows"/> towns and <see cref="MaxBytes"/>
/// (413); a file that cannot be read (quotes, header, cells, encoding) is a 400 naming the line; applying a
/// file with a bad row is a 422 problem carrying every row's result, as the dry run gives them.
/// </summary>
public static class OnboardMunicipalities
{
    public const int MaxRows = 500;

    public const long MaxBytes = 1024 * 1024;

    public static readonly IReadOnlyList<string> Columns = ["code", "slug", "nameJa", "nameEn", "services", "adminEmail", "adminName", "primaryColor", "accentColor"];

    /// <param name="Line">The line of the file the row starts on (the header is line 1).</param>
    /// <param name="Errors">By column (as the single onboarding names its fields); empty: the row is fine.</param>
    public sealed record RowResult(int Line, string Code, string Slug, IReadOnlyDictionary<string, string[]> Errors)
    {
        public bool Ok => Errors.Count == 0;
    }

    /// <param name="Towns">The towns onboarded (applied only; a dry run onboards none).</param>
    public sealed record Result(bool DryRun, bool Applied, int Rows, int RowsWithErrors, IReadOnlyList<RowResult> Results, IReadOnlyList<TenantSnapshot> Towns);

    public static async Task<IResult> Handle(
        bool? dryRun, HttpRequest http, IDocumentSession session, MunicipalityCatalogue catalogue, IConfiguration configuration,
        ILogger<Result> logger, CancellationToken ct)
    {
        if (http.ContentType is not { } type || !type.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase))
        {
            return Problems.Result(StatusCodes.Status415UnsupportedMediaType, "CSV expected", "Send the towns as text/csv (UTF-8).");
        }
        // The service takes 256 KB bodies; a file of towns may be larger (500 rows with long names), up to MaxBytes.
        // One announced larger never gets here (AcceptsBodiesUpTo on the endpoint); a chunked one is cut off at MaxBytes.
        if (http.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = MaxBytes;
        }
        string text;
        try
        {
            using var reader = new StreamReader(http.Body, new UTF8Encoding(false, throwOnInvalidBytes: true));
            text = await reader.ReadToEndAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(); // sent without a length (chunked), and longer than MaxBytes
        }
        catch (DecoderFallbackException)
        {
            return Problems.Validation("file", "The file is not UTF-8 text (save it from Excel as 「CSV UTF-8」).");
        }

        List<(int Line, string[] Cells)> records;
        try
        {
            records = Csv.Parse(text);
        }
        catch (CsvFormatException e)
        {
            return Problems.Validation("file", e.Message);
        }
        if (records.Count == 0)
        {
            return Problems.Validation("file", "The file is empty: a header row and a row per town.");
        }
        var header = records[0].Cells.Select(h => h.Trim()).ToArray();
        if (header.FirstOrDefault(h => !Columns.Contains(h)) is { } unknown)
        {
            return Problems.Validation("file", $"Line 1: unknown column '{unknown}'; the columns are {string.Join(", ", Columns)}.");
        }
        if (header.GroupBy(h => h).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            return Problems.Validation("file", $"Line 1: the column '{twice.Key}' is there twice.");
        }
        if (!header.Contains("code") || !header.Contains("slug"))
        {
            return Problems.Validation("file", "Line 1: the header needs at least the columns code and slug.");
        }
        // Excel leaves rows of empty cells (",,,,") below a table it saved: they are no towns.
        var rows = records.Skip(1).Where(r => r.Cells.Any(c => c.Trim().Length > 0)).ToList();
        if (rows.Count == 0)
        {
            return Problems.Validation("file", "No towns: add a row per town under the header.");
        }
        if (rows.Count > MaxRows)
        {
            return Problems.Validation("file", $"At most {MaxRows} towns in one file ({rows.Count} given): split it.");
        }
        if (rows.FirstOrDefault(r => r.Cells.Length != header.Length) is { Line: > 0 } ragged)
        {
            return Problems.Validation("file", $"Line {ragged.Line}: {ragged.Cells.Length} cells where the header has {header.Length}.");
        }

        var prefecture = configuration.GetPrefectureCode();
        var results = new List<RowResult>();
        var towns = new List<OnboardMunicipality.Checked>();
        var codes = new Dictionary<string, int>();
        var slugs = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var (line, cells) in rows)
        {
            string? Cell(string column) => Array.IndexOf(header, column) is >= 0 and var i && cells[i].Trim() is { Length: > 0 } value ? value : null;
            var request = new OnboardMunicipality.Request(
                Cell("code") ?? "", Cell("slug") ?? "", Cell("nameJa"), Cell("nameEn"),
                Cell("primaryColor") is null && Cell("accentColor") is null ? null
                    : new TenantBranding(Cell("primaryColor") ?? MunicipalityRules.DefaultBranding.PrimaryColor, Cell("accentColor") ?? MunicipalityRules.DefaultBranding.AccentColor),
                Cell("services")?.Split([' ', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [],
                Cell("adminEmail") is null && Cell("adminName") is null ? null : new TenantAdmin(Cell("adminEmail") ?? "", Cell("adminName") ?? ""));
            var (errors, existing, town) = await OnboardMunicipality.CheckAsync(request, session, catalogue, prefecture, ct);
            if (existing is not null)
            {
                errors["code"] = [$"{existing.NameJa} ({request.Code}) is already onboarded."];
            }
            if (request.Code.Length > 0 && codes.TryGetValue(request.Code, out var codeLine))
            {
                errors["code"] = [.. errors.GetValueOrDefault("code") ?? [], $"The code {request.Code} is on line {codeLine} too."];
            }
            if (request.Slug.Length > 0 && slugs.TryGetValue(request.Slug, out var slugLine))
            {
                errors["slug"] = [.. errors.GetValueOrDefault("slug") ?? [], $"The slug '{request.Slug}' is on line {slugLine} too."];
            }
            codes.TryAdd(request.Code, line);
            slugs.TryAdd(request.Slug, line);
            // The single onboarding's field names, as the file's columns.
            var byColumn = errors.ToDictionary(e => e.Key switch
            {
                "enabledServices" => "services",
                "firstAdmin.email" => "adminEmail",
                "firstAdmin.displayName" => "adminName",
                "branding.primaryColor" => "primaryColor",
                "branding.accentColor" => "accentColor",
                var field => field,
            }, e => e.Value);
            results.Add(new(line, request.Code, request.Slug, byColumn));
            if (town is not null && byColumn.Count == 0)
            {
                towns.Add(town);
            }
        }

        var withErrors = results.Count(r => !r.Ok);
        if (dryRun != false)
        {
            return TypedResults.Ok(new Result(true, false, results.Count, withErrors, results, []));
        }
        if (withErrors > 0)
        {
            // A problem (RFC 9457) like every refusal, carrying the same per-row results as the dry run.
            return TypedResults.Problem(
                $"{withErrors} of {results.Count} rows have errors, so no town was onboarded: correct them and check the file again.",
                statusCode: StatusCodes.Status422UnprocessableEntity, title: "Rows with errors",
                extensions: new Dictionary<string, object?>
                {
                    ["dryRun"] = false, ["applied"] = false, ["rows"] = results.Count, ["rowsWithErrors"] = withErrors, ["results"] = results,
                });
        }
        var snapshots = towns.Select(town => OnboardMunicipality.Start(session, town)).ToList();
        try
        {
            await session.SaveChangesAsync(ct); // every town and its announcement, or none
        }
        catch (Exception ex) when (MunicipalityRules.IsUniqueViolation(ex))
        {
            return Problems.Conflict("A town of the file was onboarded by a concurrent request meanwhile; nothing was applied. Run the dry run again.");
        }
        logger.LogInformation("Onboarded {Count} towns from a file: {Codes}", towns.Count, string.Join(", ", towns.Select(t => t.Onboarded.Code)));
        return TypedResults.Created("/operator/municipalities", new Result(false, true, results.Count, 0, results, snapshots));
    }

    private static IResult TooLarge() =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, "File too large",
            $"A file of towns is at most {MaxBytes / 1024 / 1024} MB ({MaxRows} towns): split it.");
}
