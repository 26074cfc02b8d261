using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace SharedServices.EApplication.Applications;

/// <summary>
/// Receipt numbers (受付番号) unique per town and year: <c>{code}-{year}-{sequence:000000}</c>, e.g.
/// <c>063614-2026-000042</c>. One counter row per town and year, incremented by a single statement in
/// its own short transaction, so concurrent submissions wait on it only for that statement, not for
/// each other's commits. As with a database sequence, a submission that fails after taking its number
/// leaves a gap; numbers are never given twice.
/// </summary>
public sealed class ReceiptNumbers(NpgsqlDataSource database)
{
    public const string TableName = "ea_receipt_counters";

    /// <summary>The counter table, created with the event store's schema by the owner role.</summary>
    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName("public", TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn<int>("year").AsPrimaryKey();
        table.AddColumn<long>("last").NotNull();
        return table;
    }

    public async Task<string> NextAsync(string tenantId, int year, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand($"""
            insert into public.{TableName} as c (tenant_id, year, last) values ($1, $2, 1)
            on conflict (tenant_id, year) do update set last = c.last + 1
            returning last
            """);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = year });
        var sequence = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        return $"{tenantId}-{year}-{sequence:000000}";
    }
}
