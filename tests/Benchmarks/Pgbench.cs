using System.Diagnostics;
using System.Globalization;
using Npgsql;
using SharedServices.Testing;

namespace SharedServices.Benchmarks;

/// <summary>
/// The raw PostgreSQL rate beside a service's: pgbench runs a script with a number of clients for some
/// seconds in a database of its own, over the transport the service uses (TCP on 127.0.0.1, or the Unix socket).
/// </summary>
internal static class Pgbench
{
    /// <summary>Where PostgreSQL's Unix socket is on Debian.</summary>
    public const string SocketDirectory = "/var/run/postgresql";

    /// <summary>The shape of one event append: a stream row, an event row, an outbox row.</summary>
    public const string ThreeInsertTables = """
        create table streams (id uuid primary key, version int not null, created timestamptz not null default now());
        create table events (seq bigserial primary key, stream uuid not null, version int not null, data jsonb not null, created timestamptz not null default now());
        create table outbox (seq bigserial primary key, stream uuid not null, data jsonb not null);
        """;

    public const string ThreeInserts = """
        BEGIN;
        INSERT INTO streams (id, version) VALUES (gen_random_uuid(), 2);
        INSERT INTO events (stream, version, data) VALUES (gen_random_uuid(), 1, '{"receipt":"063614-2026-000001","answers":{"name":"金山 花子"}}');
        INSERT INTO outbox (stream, data) VALUES (gen_random_uuid(), '{"type":"ApplicationSubmitted"}');
        END;
        """;

    /// <summary>One hot row: every transaction takes from the same budget row (what one unsharded budget would be).</summary>
    public const string HotRowTable = """
        create table budget (id int primary key, remaining bigint not null check (remaining >= 0));
        insert into budget values (1, 1000000000000);
        """;

    public const string HotRowUpdate = """
        UPDATE budget SET remaining = remaining - 1 WHERE id = 1;
        """;

    public static NpgsqlConnectionStringBuilder OverSocket(string connectionString) =>
        new(connectionString) { Host = SocketDirectory };

    /// <summary>Transactions per second, or null without pgbench (or when it printed no rate).</summary>
    public static async Task<double?> RunAsync(string tables, string script, int clients, int seconds, bool socket)
    {
        var pgbench = new[] { "/usr/lib/postgresql/15/bin/pgbench", "/usr/bin/pgbench" }.FirstOrDefault(File.Exists);
        if (pgbench is null)
        {
            return null;
        }
        var database = await TestDatabase.CreateAsync("bench_pgbench");
        try
        {
            await using (var connection = new NpgsqlConnection(database.OwnerConnectionString))
            {
                await connection.OpenAsync();
                await using var create = new NpgsqlCommand(tables, connection);
                await create.ExecuteNonQueryAsync();
            }
            var file = Path.Combine(Path.GetTempPath(), $"pgbench-{Guid.NewGuid():N}.sql");
            await File.WriteAllTextAsync(file, script);
            var builder = new NpgsqlConnectionStringBuilder(database.OwnerConnectionString);
            var start = new ProcessStartInfo(pgbench) { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { "-n", "-h", socket ? SocketDirectory : builder.Host!, "-p", builder.Port.ToString(CultureInfo.InvariantCulture), "-U", builder.Username!,
                         "-c", clients.ToString(CultureInfo.InvariantCulture), "-j", "2", "-T", seconds.ToString(CultureInfo.InvariantCulture), "-f", file, builder.Database! })
            {
                start.ArgumentList.Add(arg);
            }
            start.Environment["PGPASSWORD"] = builder.Password;
            using var process = Process.Start(start)!;
            var errors = process.StandardError.ReadToEndAsync();
            var output = await process.StandardOutput.ReadToEndAsync();
            await process.WaitForExitAsync();
            await errors;
            File.Delete(file);
            var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("tps = ", StringComparison.Ordinal));
            return line is null ? null : double.Parse(line["tps = ".Length..].Split(' ')[0], CultureInfo.InvariantCulture);
        }
        finally
        {
            await database.DisposeAsync();
        }
    }
}
