using Npgsql;
using SharedServices.EventStore;
using SharedServices.Points.Campaigns;

namespace SharedServices.Points.Ledger;

/// <summary>
/// A campaign's points as double-entry accounts, summed straight from the wallet events: the budget
/// (予算) gives to residents (付与), residents give to merchants (利用) and take back refunds (返金), and
/// what expires unspent goes to lapsed (失効). Every entry moves points between two accounts, so the
/// four always add up to the budget.
/// </summary>
public sealed record CampaignAccounts(string CampaignId, long Budget, long Granted, long Spent, long Refunded, long Lapsed)
{
    public long BudgetLeft => Budget - Granted;

    public long Residents => Granted - Spent + Refunded - Lapsed;

    public long Merchants => Spent - Refunded;
}

/// <summary>One check of the reconciliation report: a figure from the events against the same figure kept elsewhere.</summary>
public sealed record ReconciliationCheck(string Name, string Description, long FromEvents, long Kept)
{
    public bool Balanced => FromEvents == Kept;
}

/// <summary>
/// Sums over the town's events and documents in SQL, under the town's row-level security (the runtime
/// role sees only the tenant it names for the transaction).
/// </summary>
public sealed class LedgerQueries(TownDataSources databases)
{
    // Event data and documents are stored by Marten with their C# property names.
    private const string Sums = $"""
        with granted as (
          select data->>'CampaignId' as campaign, sum((data->>'Points')::bigint) as points
            from public.mt_events where type = 'granted' and tenant_id = $1 group by 1),
        spent as (
          select part->>'CampaignId' as campaign, sum((part->>'Points')::bigint) as points
            from public.mt_events, jsonb_array_elements(data->'From') part where type = 'paid' and tenant_id = $1 group by 1),
        refunded as (
          select part->>'CampaignId' as campaign, sum((part->>'Points')::bigint) as points
            from public.mt_events, jsonb_array_elements(data->'To') part where type = 'refunded' and tenant_id = $1 group by 1),
        lapsed as (
          select part->>'CampaignId' as campaign, sum((part->>'Points')::bigint) as points
            from public.mt_events, jsonb_array_elements(data->'Lots') part where type = 'lapsed' and tenant_id = $1 group by 1),
        wallets as (
          select lot->>'CampaignId' as campaign, sum((lot->>'Remaining')::bigint) as points, min((lot->>'Remaining')::bigint) as lowest
            from public.mt_doc_wallet, jsonb_array_elements(data->'Lots') lot where tenant_id = $1 group by 1),
        payments as (
          select part->>'CampaignId' as campaign, sum((part->>'Points')::bigint) as points
            from public.mt_doc_payment, jsonb_array_elements(data->'From') part where tenant_id = $1 group by 1),
        payment_refunds as (
          select part->>'CampaignId' as campaign, sum((part->>'Points')::bigint) as points
            from public.mt_doc_payment, jsonb_array_elements(data->'Refunds') refund, jsonb_array_elements(refund->'To') part where tenant_id = $1 group by 1),
        allotments as (
          select campaign_id as campaign, sum(remaining) as points from public.{Budget.TableName} where tenant_id = $1 group by 1)
        select c.id, (c.data->'Terms'->>'Budget')::bigint,
               coalesce(g.points, 0)::bigint, coalesce(s.points, 0)::bigint, coalesce(r.points, 0)::bigint, coalesce(l.points, 0)::bigint,
               coalesce(w.points, 0)::bigint, coalesce(w.lowest, 0)::bigint, (coalesce(p.points, 0) - coalesce(pr.points, 0))::bigint,
               coalesce(a.points, 0)::bigint
          from public.mt_doc_campaign c
          left join granted g on g.campaign = c.id left join spent s on s.campaign = c.id
          left join refunded r on r.campaign = c.id left join lapsed l on l.campaign = c.id
          left join wallets w on w.campaign = c.id left join payments p on p.campaign = c.id
          left join payment_refunds pr on pr.campaign = c.id left join allotments a on a.campaign = c.id
         where c.tenant_id = $1 and ($2::text is null or c.id = $2)
         order by c.id
        """;

    public sealed record CampaignLedger(CampaignAccounts Accounts, long WalletBalances, long LowestLot, long PaymentsNet, long AllotmentsLeft)
    {
        public IReadOnlyList<ReconciliationCheck> Checks =>
        [
            new("budget", "予算残高: the budget less every grant, against what is left in the budget's allotments", Accounts.BudgetLeft, AllotmentsLeft),
            new("residents", "住民残高: grants less payments, plus refunds, less lapsed points, against the residents' wallets", Accounts.Residents, WalletBalances),
            new("merchants", "加盟店債権: payments less refunds, against the payment records settlements are made from", Accounts.Merchants, PaymentsNet),
            new("noNegativeBalance", "no grant's points below zero in any wallet", 0, Math.Min(0, LowestLot)),
            new("total", "the four accounts add up to the budget", Accounts.Budget,
                Accounts.BudgetLeft + Accounts.Residents + Accounts.Merchants + Accounts.Lapsed),
        ];
    }

    public async Task<IReadOnlyList<CampaignLedger>> CampaignsAsync(string tenantId, string? campaignId, CancellationToken ct)
    {
        await using var connection = await databases.For(tenantId).OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, ct);
        await using (var tenant = new NpgsqlCommand("select set_config($1, $2, true)", connection, transaction))
        {
            tenant.Parameters.Add(new() { Value = EventStoreExtensions.RlsSetting });
            tenant.Parameters.Add(new() { Value = tenantId });
            await tenant.ExecuteNonQueryAsync(ct);
        }
        await using var command = new NpgsqlCommand(Sums, connection, transaction);
        command.Parameters.Add(new() { Value = tenantId });
        command.Parameters.Add(new() { Value = (object?)campaignId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var ledgers = new List<CampaignLedger>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                ledgers.Add(new(
                    new(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt64(4), reader.GetInt64(5)),
                    reader.GetInt64(6), reader.GetInt64(7), reader.GetInt64(8), reader.GetInt64(9)));
            }
        }
        await transaction.CommitAsync(ct);
        return ledgers;
    }
}
