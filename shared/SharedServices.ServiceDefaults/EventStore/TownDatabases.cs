using System.Data.Common;
using JasperFx;
using JasperFx.Descriptors;
using Marten;
using Marten.Schema;
using Marten.Storage;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Weasel.Core.Migrations;

namespace SharedServices.EventStore;

/// <summary>
/// The three connection strings of one database of the service (see <see cref="EventStoreSettings"/>).
/// </summary>
public sealed record DatabaseConnections(string Runtime, string Relay, string? Owner);

/// <summary>
/// A town that needs a database of its own (a large town, or one whose data must sit apart): set by
/// configuration, no code changes. <c>EventStore:OwnDatabases:{town code}</c> names where it is, as
/// connection string keywords laid over the service's own (<c>Database=ss_eapplication_063657</c>,
/// or <c>Host=pg-okura;Database=ss_eapplication</c>): only <c>Host</c>, <c>Port</c> and <c>Database</c>,
/// so the town keeps the same three roles and the same row-level security as every other. The
/// database exists (the operator creates it, as for the service's own); the service migrates it.
/// </summary>
public static class OwnDatabases
{
    public const string Section = "EventStore:OwnDatabases";

    private static readonly string[] Keywords = ["Host", "Port", "Database"];

    public static IReadOnlyDictionary<string, DatabaseConnections> Read(IConfiguration config, DatabaseConnections shared)
    {
        var towns = new Dictionary<string, DatabaseConnections>();
        foreach (var town in config.GetSection(Section).GetChildren())
        {
            if (string.IsNullOrWhiteSpace(town.Value))
            {
                continue;
            }
            var where = new DbConnectionStringBuilder { ConnectionString = town.Value };
            var other = where.Keys.Cast<string>().FirstOrDefault(k => !Keywords.Contains(k, StringComparer.OrdinalIgnoreCase));
            if (other is not null)
            {
                throw new InvalidOperationException(
                    $"{Section}:{town.Key} sets '{other}': a town's own database is given by Host, Port and Database only (its roles are the service's).");
            }
            towns[town.Key] = new DatabaseConnections(
                Over(shared.Runtime, where), Over(shared.Relay, where), shared.Owner is null ? null : Over(shared.Owner, where));
        }
        var runtimeOf = towns.ToLookup(t => Describe(t.Value.Runtime));
        if (runtimeOf.Contains(Describe(shared.Runtime)) || runtimeOf.Any(g => g.Count() > 1))
        {
            throw new InvalidOperationException($"{Section}: each town listed needs a database apart from the service's and from the others'.");
        }
        return towns;
    }

    private static string Over(string connectionString, DbConnectionStringBuilder where)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        foreach (string key in where.Keys)
        {
            builder[key] = where[key];
        }
        return builder.ConnectionString;
    }

    internal static string Describe(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"{builder.Database}@{builder.Host}:{builder.Port}";
    }
}

/// <summary>
/// Marten's tenancy when some towns have a database of their own: those towns' sessions, events,
/// documents and async daemon live in their database; every other town (and every town onboarded
/// later) stays in the service's shared database, with conjoined tenancy and row-level security in
/// both. What is not town data (the tenant registry, data protection keys: the default tenant) stays
/// in the shared database. The daemon runs in every database (<see cref="BuildDatabases"/>), each with
/// its own leader election and progress.
/// </summary>
internal sealed class TownDatabaseTenancy : ITenancy
{
    private readonly MartenDatabase _shared;
    private readonly Dictionary<string, MartenDatabase> _own;

    public TownDatabaseTenancy(StoreOptions options, string sharedConnectionString, IReadOnlyDictionary<string, string> ownConnectionStrings)
    {
        _shared = new MartenDatabase(options, NpgsqlDataSource.Create(sharedConnectionString), options.StoreName);
        _own = ownConnectionStrings.ToDictionary(
            town => town.Key,
            town => new MartenDatabase(options, NpgsqlDataSource.Create(town.Value), $"{options.StoreName}:{town.Key}"));
        Default = new Tenant(StorageConstants.DefaultTenantId, _shared);
        Cleaner = new CompositeDocumentCleaner(this, options);
    }

    public Tenant Default { get; }

    public IDocumentCleaner Cleaner { get; }

    public DatabaseCardinality Cardinality => DatabaseCardinality.StaticMultiple;

    private IEnumerable<MartenDatabase> All => _own.Values.Prepend(_shared);

    private MartenDatabase DatabaseOf(string tenantId) => _own.GetValueOrDefault(tenantId) ?? _shared;

    public Tenant GetTenant(string tenantId) => new(tenantId, DatabaseOf(tenantId));

    public ValueTask<Tenant> GetTenantAsync(string tenantId) => new(GetTenant(tenantId));

    public ValueTask<IMartenDatabase> FindOrCreateDatabase(string tenantIdOrDatabaseIdentifier) =>
        new(All.FirstOrDefault(d => d.Identifier == tenantIdOrDatabaseIdentifier) ?? DatabaseOf(tenantIdOrDatabaseIdentifier));

    public async ValueTask<IMartenDatabase?> TryFindDatabase(string tenantIdOrDatabaseIdentifier) => await FindOrCreateDatabase(tenantIdOrDatabaseIdentifier);

    public ValueTask<IMartenDatabase> FindDatabase(DatabaseId id) =>
        All.FirstOrDefault(d => d.Id == id) is { } database
            ? new(database)
            : throw new ArgumentOutOfRangeException(nameof(id), $"No database {id} in this store.");

    public bool IsTenantStoredInCurrentDatabase(IMartenDatabase database, string tenantId) => ReferenceEquals(database, DatabaseOf(tenantId));

    public ValueTask<IReadOnlyList<IDatabase>> BuildDatabases() => new([.. All]);

    public ValueTask<DatabaseUsage> DescribeDatabasesAsync(CancellationToken token)
    {
        var shared = _shared.Describe();
        var usage = new DatabaseUsage { Cardinality = Cardinality, MainDatabase = shared, Databases = [shared] };
        foreach (var (town, database) in _own)
        {
            var described = database.Describe();
            described.TenantIds.Add(town);
            usage.Databases.Add(described);
        }
        return new(usage);
    }

    public void Dispose()
    {
        foreach (var database in All)
        {
            database.Dispose();
        }
    }
}

/// <summary>
/// The runtime role's connections to the database a town's data is in, for the SQL a service runs
/// beside Marten (receipt counters, budget allotments, ledger sums, a town's export and deletion).
/// </summary>
public sealed class TownDataSources : IDisposable
{
    private readonly NpgsqlDataSource _shared;
    private readonly Dictionary<string, NpgsqlDataSource> _own;

    public TownDataSources(EventStoreSettings settings)
    {
        _shared = NpgsqlDataSource.Create(settings.ConnectionString);
        _own = settings.OwnDatabases.ToDictionary(t => t.Key, t => NpgsqlDataSource.Create(t.Value.Runtime));
    }

    /// <summary>Where <paramref name="town"/>'s rows are: its own database, or the shared one.</summary>
    public NpgsqlDataSource For(string town) => _own.GetValueOrDefault(town) ?? _shared;

    /// <summary>Every database of the service, the shared one first.</summary>
    public IEnumerable<NpgsqlDataSource> All => _own.Values.Prepend(_shared);

    public void Dispose()
    {
        foreach (var source in All)
        {
            source.Dispose();
        }
    }
}
