using System.Globalization;
using Marten;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Kpis;
using SharedServices.EventStore;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Kpis;

/// <summary>
/// The KPIs the DX plan asks for (オンライン利用率, 処理時間, 手続別の利用状況), per procedure over a range of
/// Japan dates of submission: for a town's staff, their town; for the prefecture's operators, every
/// town (aggregates only: no application, no resident). Both add up <see cref="ApplicationKpi"/> documents.
/// </summary>
public static class KpisApi
{
    /// <summary>The longest range one request may ask for (about three years of daily documents).</summary>
    public const int MaxDays = 1100;

    /// <summary>Without <c>from</c>/<c>to</c>: the last 30 days, today included.</summary>
    public const int DefaultDays = 30;

    public sealed record TownKpis(DateOnly From, DateOnly To, IReadOnlyList<KpiFigures> Procedures);

    public sealed record PrefectureKpis(DateOnly From, DateOnly To, IReadOnlyList<TownFigures> Towns);

    public sealed record TownFigures(string Town, string NameJa, string NameEn, IReadOnlyList<KpiFigures> Procedures);

    public static IEndpointRouteBuilder MapKpisApi(this IEndpointRouteBuilder app)
    {
        app.TownEndpoints("/console/kpis").RequireAuthorization(AccessRules.Staff).WithTags("KPIs").MapGet("/", TownAsync);
        app.MapGroup("/prefecture/kpis").RequireAuthorization(AccessRules.Operators).WithTags("KPIs").MapGet("/", PrefectureAsync);
        return app;
    }

    private static async Task<IResult> TownAsync(string? procedure, string? from, string? to, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        if (BadRange(from, to, clock, out var start, out var end) is { } problem)
        {
            return problem;
        }
        return TypedResults.Ok(new TownKpis(start, end, await FiguresAsync(session, procedure, start, end, ct)));
    }

    /// <summary>
    /// Every town's figures, read town by town, each in a session of its own tenant (row-level
    /// security stays on; the runtime role never reads two towns at once).
    /// </summary>
    private static async Task<IResult> PrefectureAsync(
        string? procedure, string? from, string? to, HttpContext http, IDocumentStore store, ITenantStore tenants,
        Prefecture prefecture, TimeProvider clock, CancellationToken ct)
    {
        if (http.User.FindFirst(TenantClaim.Type)?.Value != prefecture.Code)
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "Operators only", "Only this prefecture's operators see all towns' KPIs.");
        }
        if (BadRange(from, to, clock, out var start, out var end) is { } problem)
        {
            return problem;
        }
        var towns = new List<TownFigures>();
        foreach (var town in tenants.All.Where(t => t.Id != prefecture.Code).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            using var scope = CurrentTenant.Change(town.Id);
            await using var session = store.OpenTenantSession();
            if (await FiguresAsync(session, procedure, start, end, ct) is { Count: > 0 } figures)
            {
                towns.Add(new TownFigures(town.Id, town.NameJa, town.NameEn, figures));
            }
        }
        return TypedResults.Ok(new PrefectureKpis(start, end, towns));
    }

    private static async Task<IReadOnlyList<KpiFigures>> FiguresAsync(IQuerySession session, string? procedure, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var query = session.Query<ApplicationKpi>().Where(k => k.Date >= from && k.Date <= to);
        if (!string.IsNullOrEmpty(procedure))
        {
            query = query.Where(k => k.ProcedureKey == procedure);
        }
        var applications = await query.ToListAsync(ct);
        return [.. applications.GroupBy(d => d.ProcedureKey).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => KpiFigures.Of(g.Key, g.ToList()))];
    }

    /// <summary>Japan dates, <c>yyyy-MM-dd</c>, both included; the problem with them, or null.</summary>
    private static IResult? BadRange(string? from, string? to, TimeProvider clock, out DateOnly start, out DateOnly end)
    {
        start = end = default;
        var today = ApplicationKpi.JapanDate(clock.GetUtcNow());
        DateOnly? Parse(string? text) => DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null;
        if (!string.IsNullOrEmpty(from) && Parse(from) is null)
        {
            return Problems.Validation("from", "A date as yyyy-MM-dd (Japan date), e.g. 2026-04-01.");
        }
        if (!string.IsNullOrEmpty(to) && Parse(to) is null)
        {
            return Problems.Validation("to", "A date as yyyy-MM-dd (Japan date), e.g. 2026-04-30.");
        }
        end = Parse(to) ?? today;
        start = Parse(from) ?? end.AddDays(1 - DefaultDays);
        if (start > end)
        {
            return Problems.Validation("from", "'from' must not be after 'to'.");
        }
        if (end.DayNumber - start.DayNumber + 1 > MaxDays)
        {
            return Problems.Validation("to", $"At most {MaxDays} days at once.");
        }
        return null;
    }
}
