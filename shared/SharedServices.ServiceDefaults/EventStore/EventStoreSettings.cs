using Marten;

namespace SharedServices.EventStore;

/// <summary>What the runtime store and the schema migration share.</summary>
/// <param name="ConnectionString">The runtime role: reads and writes, owns nothing.</param>
/// <param name="OwnerConnectionString">The owner role, used only to create and migrate the schema.</param>
/// <param name="Configure">Platform and service store options, applied to both stores.</param>
public sealed record EventStoreSettings(
    string ConnectionString,
    string? OwnerConnectionString,
    string Schema,
    Action<StoreOptions> Configure);
