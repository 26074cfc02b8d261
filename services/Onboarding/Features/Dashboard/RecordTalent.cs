using MassTransit;
using Npgsql;
using SharedServices.Contracts.Talent;
using SharedServices.Onboarding.Dashboard;

namespace SharedServices.Onboarding.Features.Dashboard;

/// <summary>
/// Keeps the dashboard's figures of shared digital talent from the talent service's events: each
/// assignment's time share (from TalentAssigned, cut short by AssignmentEnded) and each approved
/// month's hours, cost and net cost (HoursApproved). Keyed by assignment and month: a repeat writes
/// nothing new.
/// </summary>
public sealed class RecordTalent(NpgsqlDataSource database) :
    IConsumer<TalentAssigned>, IConsumer<AssignmentEnded>, IConsumer<HoursApproved>
{
    public Task Consume(ConsumeContext<TalentAssigned> context)
    {
        var e = context.Message;
        return database.ExecuteAsync($"""
            insert into public.{DashboardTables.TalentAssignments} (town, assignment_id, talent_id, from_month, until_month, hours_per_month)
            values ($1, $2, $3, $4, $5, $6)
            on conflict (town, assignment_id) do update set
                from_month = excluded.from_month, until_month = excluded.until_month, hours_per_month = excluded.hours_per_month
            """, context.CancellationToken, e.TenantId, e.AssignmentId, e.TalentId, e.FromMonth, e.UntilMonth, e.HoursPerMonth);
    }

    /// <summary>Ended early: its last month. An end that arrives before the assignment keeps a placeholder row the assignment completes.</summary>
    public Task Consume(ConsumeContext<AssignmentEnded> context)
    {
        var e = context.Message;
        return database.ExecuteAsync($"""
            insert into public.{DashboardTables.TalentAssignments} (town, assignment_id, talent_id, from_month, until_month, hours_per_month, ended_month)
            values ($1, $2, $3, $4, $4, 0, $4)
            on conflict (town, assignment_id) do update set ended_month = excluded.ended_month
            """, context.CancellationToken, e.TenantId, e.AssignmentId, e.TalentId, e.LastMonth);
    }

    public Task Consume(ConsumeContext<HoursApproved> context)
    {
        var e = context.Message;
        return database.ExecuteAsync($"""
            insert into public.{DashboardTables.TalentHours} (town, assignment_id, month, talent_id, hours, cost, net_cost)
            values ($1, $2, $3, $4, $5, $6, $7)
            on conflict (town, assignment_id, month) do nothing
            """, context.CancellationToken, e.TenantId, e.AssignmentId, e.Month, e.TalentId, e.Hours, e.Cost, e.NetCost);
    }
}
