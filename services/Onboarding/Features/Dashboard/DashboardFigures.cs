using Npgsql;
using SharedServices.Onboarding.Dashboard;

namespace SharedServices.Onboarding.Features.Dashboard;

/// <summary>Applications of a town (or a procedure, or all towns) in a month: its submissions' cohort and the month's decisions.</summary>
/// <param name="Submitted">First submitted in the month.</param>
/// <param name="Online">Of those, by the resident online (not at the counter, 窓口代行, nor by a helper).</param>
/// <param name="Returned">Of those, returned for correction (差戻し) at least once.</param>
/// <param name="Decided">Approved or rejected in the month.</param>
/// <param name="MedianDays">Median days from submission to decision of the month's decisions (null: none).</param>
/// <param name="P90Days">Their 90th percentile.</param>
public sealed record ApplicationFigures(int Submitted, int Online, int Returned, int Decided, decimal? MedianDays, decimal? P90Days)
{
    public static readonly ApplicationFigures None = new(0, 0, 0, 0, null, null);

    /// <summary>Online share of the month's submissions, 0–1 (null: none submitted).</summary>
    public decimal? OnlineShare => Submitted == 0 ? null : Math.Round((decimal)Online / Submitted, 3);

    /// <summary>Returned-for-correction rate of the month's submissions, 0–1 (null: none submitted).</summary>
    public decimal? ReturnedRate => Submitted == 0 ? null : Math.Round((decimal)Returned / Submitted, 3);
}

public sealed record ProcedureFigures(string Procedure, ApplicationFigures Figures);

/// <summary>Local points (地域ポイント) of a town in a month, in points (1 point = 1 yen).</summary>
/// <param name="Grants">Grants made (a campaign's uptake).</param>
/// <param name="Granted">Points granted: the campaigns' budget used.</param>
/// <param name="Spent">Points spent at merchants, less refunds.</param>
/// <param name="Lapsed">Points that expired unspent (失効).</param>
/// <param name="BudgetsExhausted">Campaigns whose budget ran out.</param>
public sealed record PointsFigures(int Grants, long Granted, long Spent, long Lapsed, int BudgetsExhausted)
{
    public static readonly PointsFigures None = new(0, 0, 0, 0, 0);
}

/// <summary>Shared digital talent (デジタル人材) in a town in a month.</summary>
/// <param name="Assignments">Assignments running in the month.</param>
/// <param name="Hours">Hours the town approved.</param>
/// <param name="Cost">Their cost, in yen.</param>
/// <param name="NetCost">What the town bears after the 特別交付税 措置率.</param>
public sealed record TalentFigures(int Assignments, decimal Hours, decimal Cost, decimal NetCost)
{
    public static readonly TalentFigures None = new(0, 0, 0, 0);
}

/// <summary>One town's month on the dashboard (aggregates only).</summary>
public sealed record TownMonth(ApplicationFigures Applications, IReadOnlyList<ProcedureFigures> Procedures, PointsFigures Points, TalentFigures Talent);

/// <summary>
/// Sums the dashboard's rows (<see cref="DashboardTables"/>) per town and month over a range of months;
/// a town and month with nothing has no entry. The key <c>""</c> as town holds all towns together.
/// </summary>
public sealed class DashboardFigures(NpgsqlDataSource database)
{
    public const string AllTowns = "";

    public async Task<Dictionary<(string Town, string Month), TownMonth>> ForMonthsAsync(string from, string until, CancellationToken ct)
    {
        var applications = new Dictionary<(string, string, string), (int Submitted, int Online, int Returned)>();
        var decisions = new Dictionary<(string, string, string), (int Decided, decimal? Median, decimal? P90)>();
        var points = new Dictionary<(string, string), PointsFigures>();
        var talent = new Dictionary<(string, string), TalentFigures>();

        // The cohort of the month's first submissions: per town and procedure, per town, and all towns.
        await foreach (var r in QueryAsync($"""
            select coalesce(town, ''), month, coalesce(procedure, ''),
                   count(*)::int, count(*) filter (where channel = 'online')::int, count(*) filter (where returned)::int
            from public.{DashboardTables.Applications}
            where month between $1 and $2 and channel is not null
            group by grouping sets ((town, month, procedure), (town, month), (month))
            """, ct, from, until))
        {
            applications[(r.GetString(0), r.GetString(1), r.GetString(2))] = (r.GetInt32(3), r.GetInt32(4), r.GetInt32(5));
        }

        // The month's decisions and how long they took (percentiles cannot be added up, so each level is its own group).
        await foreach (var r in QueryAsync($"""
            select coalesce(town, ''), decided_month, coalesce(procedure, ''), count(*)::int,
                   round((percentile_cont(0.5) within group (order by extract(epoch from decided_at - submitted_at)) / 86400)::numeric, 1),
                   round((percentile_cont(0.9) within group (order by extract(epoch from decided_at - submitted_at)) / 86400)::numeric, 1)
            from public.{DashboardTables.Applications}
            where decided_month between $1 and $2
            group by grouping sets ((town, decided_month, procedure), (town, decided_month), (decided_month))
            """, ct, from, until))
        {
            decisions[(r.GetString(0), r.GetString(1), r.GetString(2))] = (r.GetInt32(3), r.GetDecimal(4), r.GetDecimal(5));
        }

        await foreach (var r in QueryAsync($"""
            select coalesce(town, ''), month,
                   count(*) filter (where kind = 'granted')::int, coalesce(sum(points) filter (where kind = 'granted'), 0)::bigint,
                   (coalesce(sum(points) filter (where kind = 'spent'), 0) - coalesce(sum(points) filter (where kind = 'refunded'), 0))::bigint,
                   coalesce(sum(points) filter (where kind = 'expired'), 0)::bigint, count(*) filter (where kind = 'exhausted')::int
            from public.{DashboardTables.Points}
            where month between $1 and $2
            group by grouping sets ((town, month), (month))
            """, ct, from, until))
        {
            points[(r.GetString(0), r.GetString(1))] = new(r.GetInt32(2), r.GetInt64(3), r.GetInt64(4), r.GetInt64(5), r.GetInt32(6));
        }

        // Hours approved; an approval published before net cost was part of the event counts at full cost.
        var hours = new Dictionary<(string, string), (decimal Hours, decimal Cost, decimal Net)>();
        await foreach (var r in QueryAsync($"""
            select coalesce(town, ''), month, sum(hours), sum(cost), sum(coalesce(net_cost, cost))
            from public.{DashboardTables.TalentHours}
            where month between $1 and $2
            group by grouping sets ((town, month), (month))
            """, ct, from, until))
        {
            hours[(r.GetString(0), r.GetString(1))] = (r.GetDecimal(2), r.GetDecimal(3), r.GetDecimal(4));
        }
        var running = new Dictionary<(string, string), int>();
        await foreach (var r in QueryAsync($"""
            select town, greatest(from_month, $1), least(coalesce(ended_month, until_month), $2)
            from public.{DashboardTables.TalentAssignments}
            where from_month <= $2 and coalesce(ended_month, until_month) >= $1 and hours_per_month > 0
            """, ct, from, until))
        {
            for (var month = r.GetString(1); string.CompareOrdinal(month, r.GetString(2)) <= 0; month = Months.Next(month))
            {
                running[(r.GetString(0), month)] = running.GetValueOrDefault((r.GetString(0), month)) + 1;
                running[(AllTowns, month)] = running.GetValueOrDefault((AllTowns, month)) + 1;
            }
        }
        foreach (var key in hours.Keys.Union(running.Keys))
        {
            var (h, cost, net) = hours.GetValueOrDefault(key);
            talent[key] = new(running.GetValueOrDefault(key), h, cost, net);
        }

        var figures = new Dictionary<(string, string), TownMonth>();
        var keys = applications.Keys.Concat(decisions.Keys).Select(k => (k.Item1, k.Item2))
            .Union(points.Keys).Union(talent.Keys);
        foreach (var (town, month) in keys)
        {
            ApplicationFigures Of(string procedure)
            {
                var (submitted, online, returned) = applications.GetValueOrDefault((town, month, procedure));
                var (decided, median, p90) = decisions.GetValueOrDefault((town, month, procedure));
                return new(submitted, online, returned, decided, median, p90);
            }
            var procedures = applications.Keys.Concat(decisions.Keys)
                .Where(k => k.Item1 == town && k.Item2 == month && k.Item3 != "")
                .Select(k => k.Item3).Distinct().Order(StringComparer.Ordinal)
                .Select(p => new ProcedureFigures(p, Of(p))).ToList();
            figures[(town, month)] = new(Of(""), procedures,
                points.GetValueOrDefault((town, month)) ?? PointsFigures.None, talent.GetValueOrDefault((town, month)) ?? TalentFigures.None);
        }
        return figures;
    }

    private async IAsyncEnumerable<NpgsqlDataReader> QueryAsync(string sql, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct, params object[] values)
    {
        await using var command = database.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            yield return reader;
        }
    }
}

/// <summary>Months as the dashboard names them: <c>yyyy-MM</c>.</summary>
public static class Months
{
    public static bool TryParse(string? text, out DateOnly first) =>
        DateOnly.TryParseExact($"{text}-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out first)
        && text!.Length == 7;

    public static string Next(string month) =>
        DateOnly.ParseExact($"{month}-01", "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture).AddMonths(1)
            .ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
}
