using System.Globalization;
using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.Onboarding.Dashboard;
using SharedServices.Onboarding.Municipalities;
using SharedServices.Web;

namespace SharedServices.Onboarding.Features.Dashboard;

/// <summary>
/// The prefecture's cross-town DX dashboard (県 DX ダッシュボード): per town and month, applications
/// online, their online share, processing time and returned rate; points granted, spent and lapsed;
/// talent hours and net cost; the services each town uses. Aggregates only: no resident, applicant or
/// person appears. Read from the dashboard's own rows, never from the other services.
/// </summary>
public static class DashboardApi
{
    /// <summary>The most months one CSV export may span.</summary>
    public const int MaxMonths = 36;

    public sealed record TownLine(
        string Code, string NameJa, string NameEn, string Status, IReadOnlyList<string> Services,
        ApplicationFigures Applications, IReadOnlyList<ProcedureFigures> Procedures, PointsFigures Points, TalentFigures Talent);

    public sealed record Totals(ApplicationFigures Applications, PointsFigures Points, TalentFigures Talent, int Towns, IReadOnlyDictionary<string, int> ServiceAdoption);

    public sealed record MonthView(string Month, IReadOnlyList<TownLine> Towns, Totals Totals);

    public static RouteGroupBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var dashboard = app.MapGroup("/operator/dashboard").WithTags("Dashboard");
        dashboard.MapGet("/", MonthAsync);
        dashboard.MapGet("/figures.csv", CsvAsync);
        return dashboard;
    }

    /// <summary>Every town's figures for <c>month</c> (<c>yyyy-MM</c>; this month in Japan if not given).</summary>
    private static async Task<IResult> MonthAsync(string? month, IQuerySession session, DashboardFigures figures, TimeProvider clock, CancellationToken ct)
    {
        month ??= DashboardTables.MonthOf(clock.GetUtcNow());
        if (!Months.TryParse(month, out _))
        {
            return Problems.Validation("month", "The month as yyyy-MM, e.g. 2026-11.");
        }
        var towns = await TownsAsync(session, ct);
        var byTown = await figures.ForMonthsAsync(month, month, ct);
        var lines = towns.Select(t => Line(t, byTown.GetValueOrDefault((t.Id, month)))).ToList();
        var all = byTown.GetValueOrDefault((DashboardFigures.AllTowns, month));
        var adoption = PlatformServices.All.ToDictionary(s => s, s => towns.Count(t => t.Status == TenantStatuses.Active && t.EnabledServices.Contains(s)));
        return TypedResults.Ok(new MonthView(month, lines, new Totals(
            all?.Applications ?? ApplicationFigures.None, all?.Points ?? PointsFigures.None, all?.Talent ?? TalentFigures.None,
            towns.Count(t => t.Status == TenantStatuses.Active), adoption)));
    }

    /// <summary>
    /// One line per town and month from <c>from</c> to <c>until</c> (at most <see cref="MaxMonths"/>), for a
    /// spreadsheet or the prefecture's own statistics: UTF-8 with a BOM, as Excel in Japan opens it.
    /// </summary>
    private static async Task<IResult> CsvAsync(string? from, string? until, IQuerySession session, DashboardFigures figures, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Months.TryParse(from, out var first))
        {
            errors["from"] = ["The first month as yyyy-MM, e.g. 2026-04."];
        }
        if (!Months.TryParse(until, out var last))
        {
            errors["until"] = ["The last month as yyyy-MM, e.g. 2027-03."];
        }
        else if (errors.Count == 0 && last < first)
        {
            errors["until"] = ["The last month cannot come before the first."];
        }
        else if (errors.Count == 0 && (last.Year - first.Year) * 12 + last.Month - first.Month >= MaxMonths)
        {
            errors["until"] = [$"At most {MaxMonths} months in one export."];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var towns = await TownsAsync(session, ct);
        var byTown = await figures.ForMonthsAsync(from!, until!, ct);
        var csv = new Csv().Row([
            "月 (month)", "団体コード (code)", "団体名", "name", "申請件数 (submitted)", "オンライン (online)", "オンライン率 (online share)",
            "差戻し (returned)", "差戻し率 (returned rate)", "処理件数 (decided)", "処理日数 中央値 (median days)", "処理日数 90% (p90 days)",
            "付与件数 (grants)", "付与ポイント (granted)", "利用ポイント (spent)", "失効ポイント (lapsed)", "予算到達 (budgets exhausted)",
            "人材 割当 (assignments)", "人材 稼働時間 (hours)", "人材 費用 (cost)", "人材 実質負担 (net cost)", "利用サービス (services)"]);
        for (var month = from!; string.CompareOrdinal(month, until!) <= 0; month = Months.Next(month))
        {
            foreach (var town in towns)
            {
                var f = byTown.GetValueOrDefault((town.Id, month));
                var (a, p, t) = (f?.Applications ?? ApplicationFigures.None, f?.Points ?? PointsFigures.None, f?.Talent ?? TalentFigures.None);
                csv.Row([month, town.Id, town.NameJa, town.NameEn, N(a.Submitted), N(a.Online), N(a.OnlineShare), N(a.Returned), N(a.ReturnedRate),
                    N(a.Decided), N(a.MedianDays), N(a.P90Days), N(p.Grants), N(p.Granted), N(p.Spent), N(p.Lapsed), N(p.BudgetsExhausted),
                    N(t.Assignments), N(t.Hours), N(t.Cost), N(t.NetCost), string.Join(' ', town.EnabledServices)]);
            }
        }
        return TypedResults.File(csv.ToBytes(), "text/csv; charset=utf-8", $"dx-dashboard-{from}-{until}.csv");
    }

    /// <summary>The towns on the dashboard: every onboarded town but those offboarded.</summary>
    private static async Task<List<Municipality>> TownsAsync(IQuerySession session, CancellationToken ct) =>
        [.. (await session.Query<Municipality>().OrderBy(m => m.Id).ToListAsync(ct)).Where(m => m.Status != TenantStatuses.Offboarded)];

    private static TownLine Line(Municipality town, TownMonth? figures) =>
        new(town.Id, town.NameJa, town.NameEn, town.Status, [.. town.EnabledServices],
            figures?.Applications ?? ApplicationFigures.None, figures?.Procedures ?? [],
            figures?.Points ?? PointsFigures.None, figures?.Talent ?? TalentFigures.None);

    private static string N(IFormattable? value) => value?.ToString(null, CultureInfo.InvariantCulture) ?? "";
}
