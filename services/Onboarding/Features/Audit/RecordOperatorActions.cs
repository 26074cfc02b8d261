using MassTransit;
using Npgsql;
using SharedServices.Contracts.Audit;
using SharedServices.Onboarding.Dashboard;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace SharedServices.Onboarding.Features.Audit;

/// <summary>
/// Keeps the prefecture's audit log (操作ログ): every <see cref="OperatorActed"/> any service published,
/// one row per event id (a repeat writes nothing), searchable by <see cref="SearchAuditLog"/>.
/// </summary>
public sealed class RecordOperatorActions(NpgsqlDataSource database) : IConsumer<OperatorActed>
{
    public const string TableName = "audit_operator_actions";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName("public", TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("id").AsPrimaryKey();
        table.AddColumn<DateTimeOffset>("at").NotNull();
        table.AddColumn<string>("operator_id").NotNull();
        table.AddColumn<string>("operator_name").NotNull();
        table.AddColumn<string>("service").NotNull();
        table.AddColumn<string>("action").NotNull();
        table.AddColumn<string>("target").NotNull();
        table.AddColumn<string>("town");
        table.AddColumn<int>("status").NotNull();
        table.AddColumn<string>("trace_id");
        table.Indexes.Add(new IndexDefinition($"{TableName}_at") { Columns = ["at"] });
        return table;
    }

    public Task Consume(ConsumeContext<OperatorActed> context)
    {
        var e = context.Message;
        var id = context.MessageId ?? throw new InvalidOperationException("An audit event without a MessageId cannot be kept once.");
        return database.ExecuteAsync($"""
            insert into public.{TableName} (id, at, operator_id, operator_name, service, action, target, town, status, trace_id)
            values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
            on conflict (id) do nothing
            """, context.CancellationToken, id.ToString("N"), e.At, e.OperatorId, e.OperatorName, e.Service, e.Action, e.Target, e.Town, e.Status, e.TraceId);
    }
}
