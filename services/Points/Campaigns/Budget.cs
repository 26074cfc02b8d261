using Marten;
using Npgsql;
using SharedServices.EventStore;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace SharedServices.Points.Campaigns;

/// <summary>
/// A campaign's budget (予算), split into allotments (shards) so thousands of concurrent grants do not
/// queue on one row (one PostgreSQL row takes ~2,000 updates/s here). A grant takes its points from one
/// allotment chosen at random, in the same transaction as the grant's events; the allotment's
/// <c>CHECK (remaining >= 0)</c> fails the whole transaction when it has too little, and the grant tries
/// another. When no single allotment has enough but all together do, <see cref="RebalanceAsync"/>
/// gathers what is left; only when all together have too little is the budget exhausted. So the sum
/// granted can never exceed the budget, and nothing taken is lost.
/// </summary>
public sealed class Budget(TownDataSources databases)
{
    public const string TableName = "pt_budget_allotments";

    public static Table Table()
    {
        var table = new Table(new PostgresqlObjectName("public", TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("tenant_id").AsPrimaryKey();
        table.AddColumn<string>("campaign_id").AsPrimaryKey();
        table.AddColumn<int>("shard").AsPrimaryKey();
        table.AddColumn<long>("remaining").NotNull();
        table.ColumnFor("remaining")!.ColumnChecks.Add(new NeverNegative());
        return table;
    }

    private sealed class NeverNegative : ColumnCheck
    {
        public override string Declaration() => "CHECK (remaining >= 0)";
    }
    /// <summary>Splits a new campaign's budget evenly over its allotments (the first take the remainder), with the campaign's creation.</summary>
    public static void Create(IDocumentSession session, string tenantId, string campaignId, long budget, int shards)
    {
        for (var shard = 0; shard < shards; shard++)
        {
            var share = budget / shards + (shard < budget % shards ? 1 : 0);
            session.QueueSqlCommand(
                $"insert into public.{TableName} (tenant_id, campaign_id, shard, remaining) values (?, ?, ?, ?)",
                tenantId, campaignId, shard, share);
        }
    }

    /// <summary>Takes <paramref name="points"/> from <paramref name="shard"/> when the session commits, or fails the commit (<see cref="IsTooLittle"/>).</summary>
    public static void Take(IDocumentSession session, string tenantId, string campaignId, int shard, long points) =>
        session.QueueSqlCommand(
            $"update public.{TableName} set remaining = remaining - ? where tenant_id = ? and campaign_id = ? and shard = ?",
            points, tenantId, campaignId, shard);

    /// <summary>Whether a failed commit failed because the allotment would have gone below zero.</summary>
    public static bool IsTooLittle(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is PostgresException { SqlState: PostgresErrorCodes.CheckViolation, TableName: TableName })
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>What is left of the campaign's budget in all, and in its largest allotment.</summary>
    public async Task<(long Remaining, long Largest)> RemainingAsync(string tenantId, string campaignId, CancellationToken ct)
    {
        await using var command = databases.For(tenantId).CreateCommand(
            $"select coalesce(sum(remaining), 0)::bigint, coalesce(max(remaining), 0)::bigint from public.{TableName} where tenant_id = $1 and campaign_id = $2");
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = campaignId });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    /// <summary>
    /// Gathers what is left into allotments of at least <paramref name="points"/> each where it can: all
    /// allotments are locked (in shard order, as every taker waits on at most one), and the total is
    /// kept exactly. Returns the total left.
    /// A budget's total only ever falls (grants take, nothing gives back), so when a plain read already
    /// shows less than <paramref name="points"/> the budget is spent for good and nothing is locked:
    /// the hundreds of grants refused at once when a budget runs out do not queue on every allotment's lock.
    /// </summary>
    public async Task<long> RebalanceAsync(string tenantId, string campaignId, long points, CancellationToken ct)
    {
        var (snapshot, _) = await RemainingAsync(tenantId, campaignId, ct);
        if (snapshot < points)
        {
            return snapshot;
        }
        await using var connection = await databases.For(tenantId).OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var shards = new List<(int Shard, long Remaining)>();
        await using (var select = new NpgsqlCommand(
            $"select shard, remaining from public.{TableName} where tenant_id = $1 and campaign_id = $2 order by shard for update", connection, transaction))
        {
            select.Parameters.Add(new() { Value = tenantId });
            select.Parameters.Add(new() { Value = campaignId });
            await using var reader = await select.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                shards.Add((reader.GetInt32(0), reader.GetInt64(1)));
            }
        }
        var total = shards.Sum(s => s.Remaining);
        // As many allotments as there are whole grants left (at most all of them), the rest spread over them.
        var used = (int)Math.Clamp(total / Math.Max(points, 1), 1, Math.Max(shards.Count, 1));
        for (var i = 0; i < shards.Count; i++)
        {
            var share = i < used ? total / used + (i < total % used ? 1 : 0) : 0;
            await using var update = new NpgsqlCommand(
                $"update public.{TableName} set remaining = $3 where tenant_id = $1 and campaign_id = $2 and shard = $4", connection, transaction);
            update.Parameters.Add(new() { Value = tenantId });
            update.Parameters.Add(new() { Value = campaignId });
            update.Parameters.Add(new() { Value = share });
            update.Parameters.Add(new() { Value = shards[i].Shard });
            await update.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return total;
    }
}
