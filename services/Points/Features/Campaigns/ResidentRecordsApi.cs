using Marten;
using SharedServices.Points.Access;
using SharedServices.Points.Residents;
using SharedServices.Web;

namespace SharedServices.Points.Features.Campaigns;

/// <summary>
/// The town's staff load what eligibility rules need from the town's own systems (住民基本台帳, 税):
/// birth dates, income bracket, children's birth dates, by resident account. A record sent again replaces the old one.
/// </summary>
public static class ResidentRecordsApi
{
    public const int MaxPerRequest = 5000;

    public sealed record RecordRow(string? ResidentId, DateOnly? BirthDate, int? IncomeBracket = null, IReadOnlyList<DateOnly>? ChildrenBirthDates = null);

    public static void MapResidentRecordsApi(this IEndpointRouteBuilder app)
    {
        var staff = app.TownEndpoints("/console/resident-records").RequireAuthorization(AccessRules.Staff).WithTags("Residents");
        staff.MapPut("/", ImportAsync);
        staff.MapGet("/", async (IQuerySession session, CancellationToken ct) =>
            TypedResults.Ok(new { count = await session.Query<ResidentRecord>().CountAsync(ct) }));
    }

    private static async Task<IResult> ImportAsync(IReadOnlyList<RecordRow>? rows, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (rows is null || rows.Count is 0 or > MaxPerRequest)
        {
            return Problems.Validation("records", $"A list of 1 to {MaxPerRequest} records.");
        }
        var errors = new Dictionary<string, string[]>();
        var today = DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).DateTime);
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (row is null || string.IsNullOrWhiteSpace(row.ResidentId) || row.ResidentId.Length > 64)
            {
                errors[$"[{i}].residentId"] = ["The resident's platform account id."];
                continue;
            }
            if (row.BirthDate is not { } birth || birth > today || birth.Year < 1880)
            {
                errors[$"[{i}].birthDate"] = ["A birth date in the past."];
            }
            if (row.IncomeBracket is < 0 or > 99)
            {
                errors[$"[{i}].incomeBracket"] = ["所得区分 from 0 to 99, or none."];
            }
            if (row.ChildrenBirthDates?.Any(c => c > today) == true || row.ChildrenBirthDates?.Count > 20)
            {
                errors[$"[{i}].childrenBirthDates"] = ["At most 20 children's birth dates, none in the future."];
            }
        }
        if (rows.Select(r => r?.ResidentId).Distinct().Count() != rows.Count)
        {
            errors["records"] = ["Each resident once."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);  // nothing is stored: the whole list or none of it
        }
        var now = clock.GetUtcNow();
        session.Store(rows.Select(r => new ResidentRecord
        {
            Id = r.ResidentId!, BirthDate = r.BirthDate!.Value, IncomeBracket = r.IncomeBracket,
            ChildrenBirthDates = [.. r.ChildrenBirthDates ?? []], ImportedAt = now,
        }).ToArray());
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(new { imported = rows.Count });
    }
}
