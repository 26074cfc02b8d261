using Marten.Events.Aggregation;
using SharedServices.Contracts.EApplication;

namespace SharedServices.EApplication.Kpis;

/// <summary>
/// Keeps one <see cref="ApplicationKpi"/> per application from the integration events its own stream
/// carries (the outbox), inline: written in the transaction that appends them, so the figures are never
/// behind, never counted twice, and cost the submission no second transaction. Only events from the
/// first submission on count; a draft has no KPI document.
/// </summary>
public sealed class ApplicationKpiProjection : SingleStreamProjection<ApplicationKpi, string>
{
    public static ApplicationKpi Create(ApplicationSubmitted e) => new()
    {
        Id = e.ApplicationId,
        ProcedureKey = e.ProcedureKey,
        SubmittedAt = e.SubmittedAt,
        Date = ApplicationKpi.JapanDate(e.SubmittedAt),
        Submitted = true,
        Counter = e.Channel == ApplicationChannels.Counter,
    };

    public static void Apply(ApplicationReturned e, ApplicationKpi kpi) => kpi.Returned = true;

    public static void Apply(ApplicationApproved e, ApplicationKpi kpi) => (kpi.Approved, kpi.DecidedAt) = (true, e.DecidedAt);

    public static void Apply(ApplicationRejected e, ApplicationKpi kpi) => (kpi.Approved, kpi.DecidedAt) = (false, e.DecidedAt);
}
