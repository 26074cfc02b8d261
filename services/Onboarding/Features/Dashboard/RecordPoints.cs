using MassTransit;
using Npgsql;
using SharedServices.Contracts.Points;
using SharedServices.Onboarding.Dashboard;

namespace SharedServices.Onboarding.Features.Dashboard;

/// <summary>
/// Keeps one row per movement of points for the dashboard from the points service's events: granted
/// (the budget used, and the campaign's uptake), spent and refunded at merchants, expired unspent
/// (失効), and a campaign's budget exhausted. Keyed by the event's id (the outbox publishes every event
/// under its own id, however often), so a repeat writes nothing. The resident is not kept.
/// </summary>
public sealed class RecordPoints(NpgsqlDataSource database) :
    IConsumer<PointsGranted>, IConsumer<PointsSpent>, IConsumer<PointsRefunded>, IConsumer<PointsExpired>, IConsumer<CampaignBudgetExhausted>
{
    public Task Consume(ConsumeContext<PointsGranted> context) =>
        RecordAsync(context, context.Message.TenantId, context.Message.CampaignId, context.Message.GrantedAt, "granted", context.Message.Points);

    public Task Consume(ConsumeContext<PointsSpent> context) =>
        RecordAsync(context, context.Message.TenantId, context.Message.CampaignId, context.Message.SpentAt, "spent", context.Message.Points);

    public Task Consume(ConsumeContext<PointsRefunded> context) =>
        RecordAsync(context, context.Message.TenantId, context.Message.CampaignId, context.Message.RefundedAt, "refunded", context.Message.Points);

    public Task Consume(ConsumeContext<PointsExpired> context) =>
        RecordAsync(context, context.Message.TenantId, context.Message.CampaignId, context.Message.ExpiredAt, "expired", context.Message.Points);

    public Task Consume(ConsumeContext<CampaignBudgetExhausted> context) =>
        RecordAsync(context, context.Message.TenantId, context.Message.CampaignId, context.Message.ExhaustedAt, "exhausted", context.Message.Budget);

    private Task RecordAsync(ConsumeContext context, string town, string campaign, DateTimeOffset at, string kind, long points)
    {
        var id = context.MessageId ?? throw new InvalidOperationException("A points event without a MessageId cannot be counted once.");
        return database.ExecuteAsync($"""
            insert into public.{DashboardTables.Points} (id, town, campaign, month, kind, points)
            values ($1, $2, $3, $4, $5, $6)
            on conflict (id) do nothing
            """, context.CancellationToken, $"{kind}/{id:N}", town, campaign, DashboardTables.MonthOf(at), kind, points);
    }
}
