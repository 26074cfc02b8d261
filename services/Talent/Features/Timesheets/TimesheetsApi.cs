using JasperFx;
using Marten;
using SharedServices.Contracts.Talent;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Talent.Access;
using SharedServices.Talent.Features.Costs;
using SharedServices.Talent.Features.Assignments;
using SharedServices.Talent.Needs;
using SharedServices.Talent.Registry;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Talent.Features.Timesheets;

/// <summary>A month's hours of an assignment (稼働報告), in the town's tenant: logged by the person, approved by the town.</summary>
public sealed class Timesheet
{
    public string Id { get; set; } = "";
    public string AssignmentId { get; set; } = "";
    public string TalentId { get; set; } = "";
    public string Month { get; set; } = "";
    public decimal Hours { get; set; }
    public int OnSiteDays { get; set; }
    public DateTimeOffset SubmittedAt { get; set; }
    public DateTimeOffset? ApprovedAt { get; set; }
    /// <summary>Why the month falls short of the assignment's programme rule, if it does.</summary>
    public string? Flag { get; set; }

    public static string IdOf(string assignmentId, string month) => $"{assignmentId}:{month}";
}

/// <summary>
/// Timesheets: the person logs hours per assignment and month (until the town approves them), the town
/// approves (<see cref="HoursApproved"/>, what cost reports count) or ends an assignment early
/// (<see cref="AssignmentEnded"/>: the later months are free in the registry again).
/// </summary>
public static class TimesheetsApi
{
    public sealed record TimesheetRequest(decimal Hours, int OnSiteDays);

    public sealed record EndingRequest(string? LastMonth);

    public static void MapTimesheetsApi(this IEndpointRouteBuilder app)
    {
        var talent = app.MapGroup("/talent/assignments").RequireAuthorization(AccessRules.Talent).WithTags("Timesheets");
        talent.MapGet("/", MineAsync);
        talent.MapPut("/{town}/{assignmentId}/timesheets/{month}", LogAsync);

        var staff = app.TownEndpoints("/console/assignments").RequireAuthorization(AccessRules.Staff).WithTags("Timesheets");
        staff.MapGet("/{id}/timesheets", async (string id, IQuerySession session, CancellationToken ct) =>
            await session.LoadAsync<Assignment>(id, ct) is null
                ? Problems.NotFound("No such assignment in this town.")
                : TypedResults.Ok(await session.Query<Timesheet>().Where(t => t.AssignmentId == id).OrderBy(t => t.Month).ToListAsync(ct)));
        var admins = app.TownEndpoints("/console/assignments").RequireAuthorization(AccessRules.TownAdmins).WithTags("Timesheets");
        admins.MapPost("/{id}/timesheets/{month}/approval", ApproveAsync);
        admins.MapPost("/{id}/ending", EndAsync);
    }

    private static string StreamOf(string assignmentId) => $"assignment-{assignmentId}";

    /// <summary>The person's assignments in every town, each with its timesheets.</summary>
    private static async Task<IResult> MineAsync(HttpContext http, IDocumentStore store, TenantRegistry towns, CancellationToken ct)
    {
        var me = Caller.Of(http).Id;
        var mine = new List<object>();
        foreach (var town in towns.All.Where(t => t.EnabledServices.Contains(PlatformServices.Talent)).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            await using var session = store.QuerySession(town.Id);
            foreach (var assignment in await session.Query<Assignment>().Where(a => a.TalentId == me).ToListAsync(ct))
            {
                var sheets = await session.Query<Timesheet>().Where(t => t.AssignmentId == assignment.Id).OrderBy(t => t.Month).ToListAsync(ct);
                mine.Add(new { town = town.Id, townName = town.NameJa, assignment, timesheets = sheets });
            }
        }
        return TypedResults.Ok(mine);
    }

    private static async Task<IResult> LogAsync(string town, string assignmentId, string month, TimesheetRequest? request, HttpContext http,
        IDocumentStore store, TenantRegistry towns, TimeProvider clock, CancellationToken ct)
    {
        if (request is null || request.Hours is < 0 or > 300 || decimal.Round(request.Hours, 2) != request.Hours)
        {
            return Problems.Validation("hours", "0から300時間まで、小数は2桁までです。(0 to 300 hours, at most two decimals.)");
        }
        if (request.OnSiteDays is < 0 or > 31)
        {
            return Problems.Validation("onSiteDays", "0 to 31 days.");
        }
        if (!Months.TryParse(month, out _))
        {
            return Problems.Validation("month", "yyyy-MM.");
        }
        if (!MunicipalityCode.IsValid(town) || towns.FindById(town) is not { } tenant || !tenant.EnabledServices.Contains(PlatformServices.Talent))
        {
            return Problems.NotFound("No such town taking part in talent sharing.");
        }
        using var scope = CurrentTenant.Change(town);
        await using var session = store.OpenTenantSession();
        if (await session.LoadAsync<Assignment>(assignmentId, ct) is not { } assignment || assignment.TalentId != Caller.Of(http).Id)
        {
            return Problems.NotFound("No such assignment of yours.");
        }
        if (!assignment.Covers(month))
        {
            return Problems.Validation("month", $"この割当ては {assignment.FromMonth} から {assignment.LastMonth} までです。(The assignment runs from {assignment.FromMonth} to {assignment.LastMonth}.)");
        }
        var sheet = await session.LoadAsync<Timesheet>(Timesheet.IdOf(assignmentId, month), ct);
        if (sheet?.ApprovedAt is not null)
        {
            return Problems.Conflict("この月は承認済みです。(This month is approved already.)");
        }
        sheet ??= new Timesheet { Id = Timesheet.IdOf(assignmentId, month), AssignmentId = assignmentId, TalentId = assignment.TalentId, Month = month };
        (sheet.Hours, sheet.OnSiteDays, sheet.SubmittedAt) = (request.Hours, request.OnSiteDays, clock.GetUtcNow());
        sheet.Flag = Programmes.Shortfall(assignment.Programme, request.OnSiteDays, request.Hours);
        session.Store(sheet);
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(sheet);
    }

    private static async Task<IResult> ApproveAsync(
        string id, string month, IDocumentSession session, TimeProvider clock, IConfiguration configuration, CancellationToken ct)
    {
        if (await session.LoadAsync<Assignment>(id, ct) is not { } assignment)
        {
            return Problems.NotFound("No such assignment in this town.");
        }
        if (await session.LoadAsync<Timesheet>(Timesheet.IdOf(id, month), ct) is not { } sheet)
        {
            return Problems.NotFound("この月の稼働報告はまだありません。(No hours logged for this month yet.)");
        }
        if (sheet.ApprovedAt is not null)
        {
            return Problems.Conflict("この月は承認済みです。(This month is approved already.)");
        }
        var now = clock.GetUtcNow();
        sheet.ApprovedAt = now;
        session.Update(sheet);
        var (cost, net) = CostsApi.Costs(sheet.Hours, assignment.RatePerHour, CostsApi.SubsidyRate(configuration, assignment.Procurement));
        session.Events.Append(StreamOf(id), new HoursApproved(CurrentTenant.Id, id, assignment.TalentId, month, sheet.Hours, sheet.OnSiteDays,
            cost, now, net));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (ConcurrencyException)
        {
            return Problems.Conflict("この月は同時に承認されました。(This month was approved at the same moment.)");
        }
        return TypedResults.Ok(sheet);
    }

    /// <summary>Ends an assignment after <c>lastMonth</c> (not before its first month, nor before a month already approved).</summary>
    private static async Task<IResult> EndAsync(string id, EndingRequest? request, IDocumentSession session, IDocumentStore store, Prefecture prefecture,
        TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<Assignment>(id, ct) is not { } assignment)
        {
            return Problems.NotFound("No such assignment in this town.");
        }
        if (request?.LastMonth is not { } last || !Months.TryParse(last, out _) || !assignment.Covers(last))
        {
            return Problems.Validation("lastMonth", $"{assignment.FromMonth} から {assignment.LastMonth} までの月です。(A month from {assignment.FromMonth} to {assignment.LastMonth}.)");
        }
        var sheets = await session.Query<Timesheet>().Where(t => t.AssignmentId == id && t.ApprovedAt != null).ToListAsync(ct);
        if (sheets.Any(t => string.CompareOrdinal(t.Month, last) > 0))
        {
            return Problems.Conflict("その後の月に承認済みの稼働があります。(A later month's hours are approved already.)");
        }
        var now = clock.GetUtcNow();
        using (prefecture.Scope())
        {
            await using var registry = store.OpenTenantSession();
            var person = await registry.Events.FetchForExclusiveWriting<TalentProfile>(assignment.TalentId, ct);
            person.AppendOne(new TimeShareEnded(id, last, now));
            await registry.SaveChangesAsync(ct);
        }
        assignment.EndedAfter = last;
        session.Update(assignment);
        session.Events.Append(StreamOf(id), new AssignmentEnded(CurrentTenant.Id, id, assignment.TalentId, last, now));
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(assignment);
    }
}
