namespace SharedServices.EApplication.Kpis;

/// <summary>A procedure's figures over a date range, as the town console and the prefecture's dashboard show them.</summary>
/// <param name="OnlineShare">Online ÷ submitted (オンライン利用率); null when nothing was submitted.</param>
/// <param name="ReturnedRate">Applications returned for correction at least once ÷ submitted; null when nothing was submitted.</param>
/// <param name="MedianProcessingHours">Median hours from submission to decision of the decided ones; null when none was decided.</param>
public sealed record KpiFigures(
    string Procedure, int Submitted, int Online, int Counter, double? OnlineShare,
    int Decided, int Approved, int Rejected, int Returned, double? ReturnedRate,
    double? MedianProcessingHours, double? P90ProcessingHours, IReadOnlyList<KpiDay> Days)
{
    /// <summary>Adds the days up: counts are summed, the processing times pooled before taking percentiles.</summary>
    public static KpiFigures Of(string procedure, IReadOnlyCollection<ProcedureDayKpi> days)
    {
        var submitted = days.Sum(d => d.Submitted);
        var online = days.Sum(d => d.Online);
        var returned = days.Sum(d => d.ReturnedApplicationIds.Count);
        var hours = days.SelectMany(d => d.ProcessingSeconds).Select(s => s / 3600.0).Order().ToArray();
        return new(procedure, submitted, online, days.Sum(d => d.Counter), Ratio(online, submitted),
            hours.Length, days.Sum(d => d.Approved), days.Sum(d => d.Rejected), returned, Ratio(returned, submitted),
            Round(Percentile(hours, 0.5)), Round(Percentile(hours, 0.9)),
            [.. days.OrderBy(d => d.Date).Select(d => new KpiDay(d.Date, d.Submitted, d.Online, d.Counter))]);
    }

    /// <summary>
    /// The p-th percentile of sorted values, interpolating between the two nearest ranks (as a
    /// spreadsheet's PERCENTILE.INC does): the median of 1, 2, 3, 4 is 2.5.
    /// </summary>
    public static double? Percentile(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
        {
            return null;
        }
        var rank = p * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (rank - below) * (sorted[above] - sorted[below]);
    }

    private static double? Ratio(int part, int whole) => whole == 0 ? null : Math.Round((double)part / whole, 4);

    private static double? Round(double? hours) => hours is { } h ? Math.Round(h, 2) : null;
}

/// <summary>Submissions of one Japan date.</summary>
public sealed record KpiDay(DateOnly Date, int Submitted, int Online, int Counter);
