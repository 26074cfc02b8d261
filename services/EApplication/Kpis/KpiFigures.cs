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
    /// <summary>Adds a procedure's applications up (those submitted; the processing times of the decided ones pooled for the percentiles).</summary>
    public static KpiFigures Of(string procedure, IReadOnlyCollection<ApplicationKpi> applications)
    {
        var submittedOnes = applications.Where(a => a.Submitted).ToList();
        var submitted = submittedOnes.Count;
        var counter = submittedOnes.Count(a => a.Counter);
        var online = submitted - counter;
        var returned = submittedOnes.Count(a => a.Returned);
        var decided = submittedOnes.Where(a => a.DecidedAt is not null).ToList();
        var hours = decided.Select(a => Math.Max(0, (a.DecidedAt!.Value - a.SubmittedAt).TotalSeconds) / 3600.0).Order().ToArray();
        return new(procedure, submitted, online, counter, Ratio(online, submitted),
            decided.Count, decided.Count(a => a.Approved == true), decided.Count(a => a.Approved == false), returned, Ratio(returned, submitted),
            Round(Percentile(hours, 0.5)), Round(Percentile(hours, 0.9)),
            [.. submittedOnes.GroupBy(a => a.Date).OrderBy(g => g.Key).Select(g => new KpiDay(g.Key, g.Count(), g.Count(a => !a.Counter), g.Count(a => a.Counter)))]);
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
