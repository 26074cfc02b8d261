namespace SharedServices.EApplication.Kpis;

/// <summary>
/// What one application has come to, for the KPIs (id: the application's id, in the town's tenant):
/// its procedure, the Japan date and channel of its first submission, whether it was ever returned for
/// correction, and when and how it was decided. No personal data, so erasing the application after
/// its retention period changes none of it. One document per application, so concurrent submissions
/// never write the same row (a per-day counter was a hot row under load). Projected inline by
/// <see cref="ApplicationKpiProjection"/> from the integration events in the application's stream;
/// <see cref="KpiFigures"/> adds them up per procedure.
/// </summary>
public sealed class ApplicationKpi
{
    public string Id { get; set; } = "";

    public string ProcedureKey { get; set; } = "";

    /// <summary>The Japan date (JST) the application was first submitted.</summary>
    public DateOnly Date { get; set; }

    public DateTimeOffset SubmittedAt { get; set; }

    public bool Submitted { get; set; }

    public bool Counter { get; set; }

    /// <summary>Returned for correction (差戻し) at least once.</summary>
    public bool Returned { get; set; }

    public bool? Approved { get; set; }

    public DateTimeOffset? DecidedAt { get; set; }

    public static readonly TimeSpan JapanOffset = TimeSpan.FromHours(9);

    public static DateOnly JapanDate(DateTimeOffset at) => DateOnly.FromDateTime(at.ToOffset(JapanOffset).DateTime);
}
