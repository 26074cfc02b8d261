using System.Globalization;
using Npgsql;
using SharedServices.Web;

namespace SharedServices.Onboarding.Features.Audit;

/// <summary>
/// Searches the audit log, newest first: words in the operator's name, the action or the path; one
/// operator, service or town; Japan dates from and until (both included); a page at a time.
/// </summary>
public static class SearchAuditLog
{
    public const int MaxPageSize = 200;

    public sealed record Entry(string Id, DateTimeOffset At, string OperatorId, string OperatorName, string Service, string Action,
        string Target, string? Town, int Status, string? TraceId);

    public sealed record Page(IReadOnlyList<Entry> Entries, int Total, int PageNumber, int PageSize);

    public static RouteGroupBuilder MapAuditApi(this IEndpointRouteBuilder app)
    {
        var audit = app.MapGroup("/operator/audit").WithTags("Audit");
        audit.MapGet("/", Handle);
        return audit;
    }

    public static async Task<IResult> Handle(
        string? q, string? operatorId, string? service, string? town, string? from, string? until, int? page, int? pageSize,
        NpgsqlDataSource database, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var (size, number) = (pageSize ?? 50, page ?? 1);
        if (size is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"From 1 to {MaxPageSize}."];
        }
        if (number is < 1 or > 10_000)
        {
            errors["page"] = ["From 1 to 10000."];
        }
        var since = Day(from, "from", errors);
        var to = Day(until, "until", errors);
        if (q is { Length: > 200 })
        {
            errors["q"] = ["At most 200 characters."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        // Japan days: from 00:00 JST of the first to 00:00 JST after the last.
        var conditions = new List<string>();
        var values = new List<object>();
        string Parameter(object value)
        {
            values.Add(value);
            return "$" + values.Count.ToString(CultureInfo.InvariantCulture);
        }
        if (!string.IsNullOrWhiteSpace(q))
        {
            // The words as they are: % and _ in them match themselves.
            var words = Parameter("%" + q.Trim().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%");
            conditions.Add($"(operator_name ilike {words} or action ilike {words} or target ilike {words})");
        }
        if (!string.IsNullOrWhiteSpace(operatorId)) conditions.Add($"operator_id = {Parameter(operatorId)}");
        if (!string.IsNullOrWhiteSpace(service)) conditions.Add($"service = {Parameter(service)}");
        if (!string.IsNullOrWhiteSpace(town)) conditions.Add($"town = {Parameter(town)}");
        if (since is { } s) conditions.Add($"at >= {Parameter(s)}");
        if (to is { } t) conditions.Add($"at < {Parameter(t.AddDays(1))}");
        var filter = conditions.Count == 0 ? "" : "where " + string.Join(" and ", conditions);

        await using var connection = await database.OpenConnectionAsync(ct);
        await using var count = new NpgsqlCommand($"select count(*)::int from public.{RecordOperatorActions.TableName} {filter}", connection);
        count.Parameters.AddRange(values.Select(v => new NpgsqlParameter { Value = v }).ToArray());
        var total = (int)(await count.ExecuteScalarAsync(ct))!;

        await using var query = new NpgsqlCommand($"""
            select id, at, operator_id, operator_name, service, action, target, town, status, trace_id
            from public.{RecordOperatorActions.TableName} {filter}
            order by at desc, id desc limit {size} offset {(number - 1) * size}
            """, connection);
        query.Parameters.AddRange(values.Select(v => new NpgsqlParameter { Value = v }).ToArray());
        var entries = new List<Entry>();
        await using var reader = await query.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            entries.Add(new(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                reader.GetString(5), reader.GetString(6), reader.IsDBNull(7) ? null : reader.GetString(7), reader.GetInt32(8),
                reader.IsDBNull(9) ? null : reader.GetString(9)));
        }
        return TypedResults.Ok(new Page(entries, total, number, size));
    }

    /// <summary>The start of a Japan day given as yyyy-MM-dd, in UTC; null when not given.</summary>
    private static DateTimeOffset? Day(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            errors[field] = ["A date as yyyy-MM-dd."];
            return null;
        }
        return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9)).ToUniversalTime();
    }
}
