using Npgsql;

namespace SharedServices.Identity.Tests;

/// <summary>
/// The identity database as the other services' databases: the owner role migrates, the runtime role
/// (what the service connects as) reads and writes rows only, and the event store's relay role, which
/// may read every town's events, does not reach accounts at all.
/// </summary>
public sealed class DatabaseRoleTests(IdentityFixture fixture) : IClassFixture<IdentityFixture>
{
    [Fact]
    public async Task The_runtime_role_reads_and_writes_rows_but_cannot_change_or_drop_tables()
    {
        Assert.True(await Scalar<long>(fixture.Database.AppConnectionString, "select count(*) from identity.accounts") > 0);
        await Scalar<int>(fixture.Database.AppConnectionString,
            "update identity.accounts set \"FailedSignIns\" = \"FailedSignIns\" where false; select 1");

        foreach (var ddl in new[]
        {
            "drop table identity.accounts",
            "alter table identity.accounts add column stolen text",
            "create table identity.shadow (id int)",
            "truncate identity.accounts",
        })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => Scalar<int>(fixture.Database.AppConnectionString, ddl + "; select 1"));
            Assert.True(refused.SqlState is PostgresErrorCodes.InsufficientPrivilege, $"{ddl}: {refused.SqlState} {refused.MessageText}");
        }
    }

    [Fact]
    public async Task The_relay_role_cannot_read_accounts_or_tokens()
    {
        foreach (var table in new[] { "accounts", "OpenIddictTokens", "data_protection_keys" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() =>
                Scalar<long>(fixture.Database.RelayConnectionString, $"select count(*) from identity.\"{table}\""));
            Assert.Equal(PostgresErrorCodes.InsufficientPrivilege, refused.SqlState);
        }
    }

    [Fact]
    public async Task The_schema_comes_from_the_migrations_and_a_second_start_applies_none()
    {
        var applied = await Scalar<long>(fixture.Database.OwnerConnectionString, "select count(*) from identity.ef_migrations_history");

        await using var second = new IdentityHost(fixture.Database, fixture.VirtualHost, fixture.Settings);
        second.StartServer();

        Assert.True(applied >= 1);
        Assert.Equal(applied, await Scalar<long>(fixture.Database.OwnerConnectionString, "select count(*) from identity.ef_migrations_history"));
    }

    private static async Task<T> Scalar<T>(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }
}
