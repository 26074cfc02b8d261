using MassTransit;
using Npgsql;
using SharedServices.Contracts.EApplication;
using SharedServices.Onboarding.Dashboard;

namespace SharedServices.Onboarding.Features.Dashboard;

/// <summary>
/// Keeps one row per application for the dashboard from the e-application service's events: the
/// cohort month and channel of its first submission, whether it was ever returned for correction, and
/// its decision. Upserts only, in any order: a resubmission after 差戻し keeps the first submission, a
/// redelivered event writes what is already there.
/// </summary>
public sealed class RecordApplications(NpgsqlDataSource database) :
    IConsumer<ApplicationSubmitted>, IConsumer<ApplicationReturned>, IConsumer<ApplicationApproved>, IConsumer<ApplicationRejected>
{
    private const string Table = DashboardTables.Applications;

    public Task Consume(ConsumeContext<ApplicationSubmitted> context)
    {
        var e = context.Message;
        return database.ExecuteAsync($"""
            insert into public.{Table} (town, application_id, procedure, month, submitted_at, channel)
            values ($1, $2, $3, $4, $5, $6)
            on conflict (town, application_id) do update set
                channel = coalesce({Table}.channel, excluded.channel),
                month = case when excluded.submitted_at < {Table}.submitted_at then excluded.month else {Table}.month end,
                submitted_at = least({Table}.submitted_at, excluded.submitted_at)
            """, context.CancellationToken, e.TenantId, e.ApplicationId, e.ProcedureKey, DashboardTables.MonthOf(e.SubmittedAt), e.SubmittedAt, e.Channel);
    }

    public Task Consume(ConsumeContext<ApplicationReturned> context)
    {
        var e = context.Message;
        return database.ExecuteAsync($"""
            insert into public.{Table} (town, application_id, procedure, month, submitted_at, returned)
            values ($1, $2, $3, $4, $5, true)
            on conflict (town, application_id) do update set returned = true
            """, context.CancellationToken, e.TenantId, e.ApplicationId, e.ProcedureKey, DashboardTables.MonthOf(e.SubmittedAt), e.SubmittedAt);
    }

    public Task Consume(ConsumeContext<ApplicationApproved> context) =>
        DecidedAsync(context.Message.TenantId, context.Message.ApplicationId, context.Message.ProcedureKey,
            context.Message.SubmittedAt, context.Message.DecidedAt, "approved", context.CancellationToken);

    public Task Consume(ConsumeContext<ApplicationRejected> context) =>
        DecidedAsync(context.Message.TenantId, context.Message.ApplicationId, context.Message.ProcedureKey,
            context.Message.SubmittedAt, context.Message.DecidedAt, "rejected", context.CancellationToken);

    private Task DecidedAsync(string town, string applicationId, string procedure, DateTimeOffset submittedAt, DateTimeOffset decidedAt, string outcome, CancellationToken ct) =>
        database.ExecuteAsync($"""
            insert into public.{Table} (town, application_id, procedure, month, submitted_at, outcome, decided_at, decided_month)
            values ($1, $2, $3, $4, $5, $6, $7, $8)
            on conflict (town, application_id) do update set
                outcome = excluded.outcome, decided_at = excluded.decided_at, decided_month = excluded.decided_month,
                month = case when excluded.submitted_at < {Table}.submitted_at then excluded.month else {Table}.month end,
                submitted_at = least({Table}.submitted_at, excluded.submitted_at)
            """, ct, town, applicationId, procedure, DashboardTables.MonthOf(submittedAt), submittedAt, outcome, decidedAt, DashboardTables.MonthOf(decidedAt));
}
