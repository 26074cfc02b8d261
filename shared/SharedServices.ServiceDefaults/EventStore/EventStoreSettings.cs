using Marten;

namespace SharedServices.EventStore;

/// <summary>What the stores of one service and its schema migration share.</summary>
/// <param name="ConnectionString">The runtime role (<c>ss_app</c>): reads and writes one town at a time, owns nothing.</param>
/// <param name="RelayConnectionString">The relay role (<c>ss_relay</c>): runs the async daemon, reads every town's events.</param>
/// <param name="OwnerConnectionString">The owner role, used only to create and migrate the schema.</param>
/// <param name="OwnDatabases">The towns with a database of their own (<see cref="EventStore.OwnDatabases"/>), by town code.</param>
/// <param name="Configure">Platform and service store options, applied to every store.</param>
public sealed record EventStoreSettings(
    string ConnectionString,
    string RelayConnectionString,
    string? OwnerConnectionString,
    IReadOnlyDictionary<string, DatabaseConnections> OwnDatabases,
    string Schema,
    Action<StoreOptions> Configure)
{
    /// <summary>The service's shared database, then each town's own.</summary>
    public IEnumerable<DatabaseConnections> Databases =>
        OwnDatabases.Values.Prepend(new DatabaseConnections(ConnectionString, RelayConnectionString, OwnerConnectionString));
}

/// <summary>
/// The second Marten store of a service, over the same schema, connected as the relay role. Only the
/// async daemon (the outbox relay, later async projections) runs here; request and message handling
/// use the main store, whose role sees one town's events only.
/// </summary>
public interface IEventRelayStore : IDocumentStore;
