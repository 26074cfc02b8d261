namespace SharedServices.EApplication.Kpis;

/// <summary>
/// What one town's applications for one procedure, submitted on one Japan date, have come to
/// (id <c>{procedure}/{yyyy-MM-dd}</c>, in the town's tenant). Everything is counted by the date of the
/// first submission, so each figure over a date range describes the same applications: how many came
/// in, by which channel, how many were returned or decided, and how long deciding took. It holds no
/// personal data, so erasing an application after its retention period changes none of it.
/// Fed by <see cref="KpiConsumers"/> from the service's own integration events.
/// </summary>
public sealed class ProcedureDayKpi
{
    public string Id { get; set; } = "";

    public string ProcedureKey { get; set; } = "";

    /// <summary>The Japan date (JST) the applications were first submitted.</summary>
    public DateOnly Date { get; set; }

    public int Submitted { get; set; }

    public int Online { get; set; }

    public int Counter { get; set; }

    public int Approved { get; set; }

    public int Rejected { get; set; }

    /// <summary>Applications returned for correction (差戻し) at least once: a set, as one may be returned twice.</summary>
    public HashSet<string> ReturnedApplicationIds { get; set; } = [];

    /// <summary>Submitted → decided, in seconds, one entry per decided application (medians need the values).</summary>
    public List<long> ProcessingSeconds { get; set; } = [];

    public static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    public static DateOnly JapanDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(JapanOffset).DateTime);

    public static string IdOf(string procedureKey, DateOnly date) =>
        $"{procedureKey}/{date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)}";
}
