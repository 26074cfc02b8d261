using System.Security.Claims;
using System.Text;
using MassTransit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Npgsql;
using SharedServices.Contracts.Tenancy;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.EventStore;

/// <summary>
/// All a service holds of one town: every row, in every table with a <c>tenant_id</c> column (Marten's
/// events, streams and documents, and a service's own tables), read and deleted under the town's
/// row-level security setting. What an offboarded town takes away (its export) and what is deleted when
/// its retention period is over. In the town's own database when it has one (<see cref="OwnDatabases"/>).
/// </summary>
public sealed class TenantData(TownDataSources databases)
{
    private async Task<NpgsqlConnection> OpenForAsync(string town, CancellationToken ct)
    {
        var connection = await databases.For(town).OpenConnectionAsync(ct);
        await ActAsAsync(connection, town, ct);
        return connection;
    }

    /// <summary>Puts the connection under the town's row-level security setting.</summary>
    private static async Task ActAsAsync(NpgsqlConnection connection, string town, CancellationToken ct)
    {
        await using var setting = new NpgsqlCommand("select set_config($1, $2, false)", connection);
        setting.Parameters.Add(new() { Value = EventStoreExtensions.RlsSetting });
        setting.Parameters.Add(new() { Value = town });
        await setting.ExecuteNonQueryAsync(ct);
    }

    /// <summary>The tables holding towns' data: documents first, then events, then their streams (events refer to streams).</summary>
    private static async Task<List<string>> TablesAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand("""
            select c.table_name from information_schema.columns c
            join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
            where c.table_schema = 'public' and c.column_name = 'tenant_id'
            order by (c.table_name = 'mt_streams'), (c.table_name = 'mt_events'), c.table_name
            """, connection);
        var tables = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            tables.Add(reader.GetString(0));
        }
        return tables;
    }

    /// <summary>The first table where the database behind <paramref name="connectionString"/> holds a row of the town, if any.</summary>
    internal static async Task<string?> FirstTableWithRowsAsync(string connectionString, string town, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await ActAsAsync(connection, town, ct);
        foreach (var table in await TablesAsync(connection, ct))
        {
            await using var exists = new NpgsqlCommand($"select exists (select 1 from public.\"{table}\" where tenant_id = $1)", connection);
            exists.Parameters.Add(new() { Value = town });
            if ((bool)(await exists.ExecuteScalarAsync(ct))!)
            {
                return table;
            }
        }
        return null;
    }

    /// <summary>Writes every row of the town as a line of JSON: <c>{"table": "…", "row": {…}}</c> (NDJSON).</summary>
    public async Task ExportAsync(string town, Stream output, CancellationToken ct)
    {
        await using var connection = await OpenForAsync(town, ct);
        foreach (var table in await TablesAsync(connection, ct))
        {
            await using var command = new NpgsqlCommand(
                $"select json_build_object('table', $1::text, 'row', row_to_json(t))::text from public.\"{table}\" t where t.tenant_id = $2", connection);
            command.Parameters.Add(new() { Value = table });
            command.Parameters.Add(new() { Value = town });
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                await output.WriteAsync(Encoding.UTF8.GetBytes(reader.GetString(0) + "\n"), ct);
            }
        }
    }

    /// <summary>Deletes every row of the town, in one transaction: the number of rows deleted.</summary>
    public async Task<long> DeleteAsync(string town, CancellationToken ct)
    {
        await using var connection = await OpenForAsync(town, ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        long rows = 0;
        foreach (var table in await TablesAsync(connection, ct))
        {
            await using var command = new NpgsqlCommand($"delete from public.\"{table}\" where tenant_id = $1", connection, transaction);
            command.Parameters.Add(new() { Value = town });
            rows += await command.ExecuteNonQueryAsync(ct);
        }
        await transaction.CommitAsync(ct);
        return rows;
    }
}

public static class TenantDataEndpoints
{
    /// <summary>
    /// <c>GET /operator/towns/{code}/export</c>: all the service holds of a town, as NDJSON, for the
    /// prefecture's operators only (an offboarded town takes its data away; 個人情報 inside, so nobody else).
    /// </summary>
    public static WebApplication MapTenantExport(this WebApplication app, string service)
    {
        app.MapGet("/operator/towns/{code}/export", async (string code, HttpContext http, TenantData data, ITenantStore towns, IConfiguration configuration, CancellationToken ct) =>
        {
            var prefecture = Prefecture.From(configuration);
            if (http.User.Identity?.IsAuthenticated != true)
            {
                return Problems.Result(StatusCodes.Status401Unauthorized, "Sign-in required", "Send a prefecture operator's access token.");
            }
            if (!http.User.IsInRole(PlatformRoles.Operator) || http.User.FindFirstValue(TenantClaim.Type) != prefecture.Code)
            {
                return Problems.Result(StatusCodes.Status403Forbidden, "Operators only", "Only the prefecture's operators export a town's data.");
            }
            if (towns.FindById(code) is null)
            {
                return Problems.NotFound($"No town {code} is known to the {service} service.");
            }
            return Results.Stream(stream => data.ExportAsync(code, stream, ct), "application/x-ndjson", $"{code}-{service}.ndjson");
        }).WithTags("Town data");
        return app;
    }
}

/// <summary>
/// Deletes all the service holds of a town whose retention period is over, then says so. Only a town
/// this service's registry knows as offboarded: a stray or forged message never deletes a live town.
/// Deleting again deletes nothing and says so again, so a redelivery is harmless.
/// </summary>
public sealed class DeleteTenantData(TenantData data, ITenantStore towns, PlatformService service, ILogger<DeleteTenantData> logger)
    : IConsumer<TenantDataDeletionDue>
{
    public async Task Consume(ConsumeContext<TenantDataDeletionDue> context)
    {
        var town = context.Message.TenantId;
        if (towns.FindById(town) is not { Status: TenantStatuses.Offboarded })
        {
            logger.LogWarning("Deletion of {Town}'s data asked, but it is not offboarded here; nothing deleted", town);
            return;
        }
        var rows = await data.DeleteAsync(town, context.CancellationToken);
        logger.LogInformation("Deleted {Rows} rows of offboarded town {Town}", rows, town);
        using var scope = CurrentTenant.Change(town);
        await context.Publish(new TenantDataDeleted(town, service.Name, rows, DateTimeOffset.UtcNow), context.CancellationToken);
    }
}
