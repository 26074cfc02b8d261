using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace SharedServices.Onboarding.Dashboard;

/// <summary>
/// The cross-town DX dashboard's own read models (県 DX ダッシュボード): what the services' integration
/// events said, one row per fact, no personal data (a resident is never named nor counted by id). Every
/// write is keyed by the fact it records (an application, a grant, a payment's campaign, a month of an
/// assignment) and is an upsert, so a redelivered or republished event changes nothing and two
/// instances may consume side by side. Figures are summed from these rows when asked, per town and
/// month (Japan time), so the dashboard answers while the producing services are down, and catches
/// up from their durable queues when it was down itself.
/// </summary>
public static class DashboardTables
{
    public const string Applications = "dash_applications";
    public const string Points = "dash_points";
    public const string TalentHours = "dash_talent_hours";
    public const string TalentAssignments = "dash_talent_assignments";

    public static IEnumerable<Table> All()
    {
        // An application (電子申請): its procedure, first submission (cohort month), channel, whether it was
        // ever returned (差戻し), and its decision. Channel is null until its submission arrives.
        var applications = NewTable(Applications);
        applications.AddColumn<string>("town").AsPrimaryKey();
        applications.AddColumn<string>("application_id").AsPrimaryKey();
        applications.AddColumn<string>("procedure").NotNull();
        applications.AddColumn<string>("month").NotNull();
        applications.AddColumn<DateTimeOffset>("submitted_at").NotNull();
        applications.AddColumn<string>("channel");
        applications.AddColumn<bool>("returned").NotNull().DefaultValueByExpression("false");
        applications.AddColumn<string>("outcome");
        applications.AddColumn<DateTimeOffset>("decided_at");
        applications.AddColumn<string>("decided_month");
        applications.Indexes.Add(new IndexDefinition($"{Applications}_month") { Columns = ["month", "town"] });
        applications.Indexes.Add(new IndexDefinition($"{Applications}_decided") { Columns = ["decided_month", "town"] });

        // A movement of points (地域ポイント): granted, spent, refunded, expired, or a budget exhausted.
        var points = NewTable(Points);
        points.AddColumn<string>("id").AsPrimaryKey();
        points.AddColumn<string>("town").NotNull();
        points.AddColumn<string>("campaign").NotNull();
        points.AddColumn<string>("month").NotNull();
        points.AddColumn<string>("kind").NotNull();
        points.AddColumn<long>("points").NotNull();
        points.Indexes.Add(new IndexDefinition($"{Points}_month") { Columns = ["month", "town"] });

        // A month's approved hours of a shared person's assignment (デジタル人材シェアリング), and its cost.
        var hours = NewTable(TalentHours);
        hours.AddColumn<string>("town").AsPrimaryKey();
        hours.AddColumn<string>("assignment_id").AsPrimaryKey();
        hours.AddColumn<string>("month").AsPrimaryKey();
        hours.AddColumn<string>("talent_id").NotNull();
        hours.AddColumn<decimal>("hours").NotNull();
        hours.AddColumn<decimal>("cost").NotNull();
        hours.AddColumn<decimal>("net_cost");

        // An assignment's time share: active in the months from..until (or until it ended).
        var assignments = NewTable(TalentAssignments);
        assignments.AddColumn<string>("town").AsPrimaryKey();
        assignments.AddColumn<string>("assignment_id").AsPrimaryKey();
        assignments.AddColumn<string>("talent_id").NotNull();
        assignments.AddColumn<string>("from_month").NotNull();
        assignments.AddColumn<string>("until_month").NotNull();
        assignments.AddColumn<int>("hours_per_month").NotNull();
        assignments.AddColumn<string>("ended_month");

        return [applications, points, hours, assignments];
    }

    private static Table NewTable(string name) =>
        new(new PostgresqlObjectName("public", name, SchemaUtils.IdentifierUsage.General));

    /// <summary>The Japan month (JST) of an instant, <c>yyyy-MM</c>: the dashboard's unit.</summary>
    public static string MonthOf(DateTimeOffset at) =>
        at.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Runs one write (positional parameters <c>$1</c>…; null as SQL NULL; instants in UTC, as Npgsql writes timestamptz).</summary>
    public static async Task ExecuteAsync(this NpgsqlDataSource database, string sql, CancellationToken ct, params object?[] values)
    {
        await using var command = database.CreateCommand(sql);
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value is DateTimeOffset at ? at.ToUniversalTime() : value ?? DBNull.Value });
        }
        await command.ExecuteNonQueryAsync(ct);
    }
}
