using System.Globalization;
using System.Text.Json.Nodes;
using Marten;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Applications;
using SharedServices.EApplication.Attachments;
using SharedServices.EApplication.Forms;
using SharedServices.EApplication.Procedures;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Export;

/// <summary>
/// A procedure's applications as CSV for the town's back-office systems (基幹系システム): one row per
/// submitted application (drafts and drafts withdrawn before submission are not applications yet),
/// by submission date in Japan time. Fixed columns, then one per field of the procedure's latest
/// published version, headed by its Japanese label; fields of older versions only are left out.
/// </summary>
public static class ApplicationsCsvApi
{
    public static readonly IReadOnlyList<string> FixedHeaders = ["受付番号", "状態", "受付方法", "申請日時", "決定日時", "様式版"];

    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    public static IEndpointRouteBuilder MapApplicationsCsvApi(this IEndpointRouteBuilder app)
    {
        app.TownEndpoints("/console/procedures").RequireAuthorization(AccessRules.Staff).WithTags("Export")
            .MapGet("/{key}/applications.csv", ExportAsync);
        return app;
    }

    private static async Task<IResult> ExportAsync(string key, string? from, string? to, IQuerySession session, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        DateOnly? Day(string name, string? value)
        {
            if (string.IsNullOrEmpty(value))
            {
                return null;
            }
            if (IsoDate.TryParse(value, out var day))
            {
                return day;
            }
            errors[name] = [$"A date in the form yyyy-MM-dd, not '{value}'."];
            return null;
        }
        var fromDay = Day("from", from);
        var toDay = Day("to", to);
        if (fromDay > toDay)
        {
            errors["to"] = ["The end date is before the start date."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        if (await session.LoadAsync<Procedure>(key, ct) is not { } procedure)
        {
            return Problems.NotFound($"No procedure '{key}' in this town.");
        }
        var fields = procedure.IsPublished && await session.LoadAsync<PublishedForm>(PublishedForm.IdOf(key, procedure.PublishedVersion), ct) is { } form
            ? FormJson.Read(form.DefinitionJson).Fields.ToList()
            : [];

        var query = session.Query<Application>().Where(a => a.ProcedureKey == key && a.Status != ApplicationStatus.Draft && a.SubmittedAt != null);
        if (fromDay is { } start)
        {
            var at = new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), Japan);
            query = query.Where(a => a.SubmittedAt >= at);
        }
        if (toDay is { } end)
        {
            var before = new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), Japan);
            query = query.Where(a => a.SubmittedAt < before);
        }
        var applications = await query.OrderBy(a => a.SubmittedAt).ToListAsync(ct);
        var fileNames = await FileNamesAsync(session, applications, ct);

        var csv = new Csv().Row([.. FixedHeaders, .. Headers(fields)]);
        foreach (var application in applications)
        {
            var answers = JsonNode.Parse(application.AnswersJson) as JsonObject ?? new JsonObject();
            csv.Row([
                application.ReceiptNumber, application.Status.ToString(), application.Channel,
                JapanTime(application.SubmittedAt), JapanTime(application.DecidedAt), application.FormVersion.ToString(CultureInfo.InvariantCulture),
                .. fields.Select(f => Value(answers[f.Key], f.Type == FieldType.File ? fileNames : null)),
            ]);
        }
        return TypedResults.File(csv.ToBytes(), "text/csv; charset=utf-8", $"{key}-applications.csv");
    }

    /// <summary>Japanese labels; a label used by two fields (氏名 of applicant and proxy) gets its key added.</summary>
    private static IEnumerable<string> Headers(IReadOnlyList<FormField> fields)
    {
        var twice = fields.GroupBy(f => f.Label.Ja).Where(g => g.Count() > 1).Select(g => g.Key).ToHashSet();
        return fields.Select(f => twice.Contains(f.Label.Ja) ? $"{f.Label.Ja} ({f.Key})" : f.Label.Ja);
    }

    private static string? JapanTime(DateTimeOffset? at) =>
        at?.ToOffset(Japan).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>A scalar as written; a list joined with ';'; an attachment id as its file name.</summary>
    private static string Value(JsonNode? answer, IReadOnlyDictionary<string, string>? fileNames) => answer switch
    {
        null => "",
        JsonArray items => string.Join(';', items.Select(i => Value(i, fileNames))),
        JsonValue value when value.TryGetValue<string>(out var text) =>
            fileNames is not null && fileNames.TryGetValue(text.ToLowerInvariant(), out var name) ? name : text,
        _ => answer.ToJsonString(),
    };

    private static async Task<IReadOnlyDictionary<string, string>> FileNamesAsync(IQuerySession session, IReadOnlyList<Application> applications, CancellationToken ct)
    {
        var names = new Dictionary<string, string>();
        foreach (var chunk in applications.Select(a => a.Id).Chunk(500))
        {
            var attachments = await session.Query<Attachment>().Where(a => chunk.Contains(a.ApplicationId)).ToListAsync(ct);
            foreach (var attachment in attachments)
            {
                names[attachment.IdText] = attachment.FileName;
            }
        }
        return names;
    }
}
