using System.Collections.Frozen;

namespace SharedServices.Tenancy;

/// <summary>Looks tenants up by slug or code. Answers from memory: no I/O on the request path.</summary>
public interface ITenantStore
{
    TenantInfo? FindById(string id);

    TenantInfo? FindBySlug(string slug);

    IReadOnlyCollection<TenantInfo> All { get; }
}

/// <summary>
/// This service's own list of tenants, fed by the onboarding service's integration events (no call
/// to that service at request time). The durable copy is the <see cref="TenantInfo"/> documents in
/// the service's database; this class is the in-memory cache every request reads, replaced whole
/// when the database copy is reloaded and patched at once when this instance consumes a change.
/// </summary>
public sealed class TenantRegistry : ITenantStore
{
    private readonly Lock _gate = new();
    private volatile Lookup _lookup = Lookup.Empty;

    public IReadOnlyCollection<TenantInfo> All => _lookup.ById.Values;

    public TenantInfo? FindById(string id) => _lookup.ById.GetValueOrDefault(id);

    public TenantInfo? FindBySlug(string slug) => _lookup.BySlug.GetValueOrDefault(slug);

    /// <summary>Applies changes that are newer than what the cache holds; rebuilds the lookup once.</summary>
    public void Apply(params IEnumerable<TenantInfo> tenants)
    {
        lock (_gate)
        {
            var byId = _lookup.ById;
            var newer = tenants
                .Where(t => !byId.TryGetValue(t.Id, out var known) || known.Version < t.Version)
                .GroupBy(t => t.Id).Select(g => g.MaxBy(t => t.Version)!)
                .ToList();
            if (newer.Count == 0)
            {
                return;
            }
            var replaced = newer.Select(t => t.Id).ToHashSet();
            _lookup = Lookup.Of(byId.Values.Where(t => !replaced.Contains(t.Id)).Concat(newer));
        }
    }

    private sealed record Lookup(
        FrozenDictionary<string, TenantInfo> ById,
        FrozenDictionary<string, TenantInfo> BySlug)
    {
        public static readonly Lookup Empty = Of([]);

        public static Lookup Of(IEnumerable<TenantInfo> tenants)
        {
            var list = tenants.ToList();
            return new(
                list.ToFrozenDictionary(t => t.Id, StringComparer.Ordinal),
                // Offboarded towns free nothing: a slug stays bound to its town's record.
                list.GroupBy(t => t.Slug, StringComparer.OrdinalIgnoreCase)
                    .ToFrozenDictionary(g => g.Key, g => g.MaxBy(t => t.Version)!, StringComparer.OrdinalIgnoreCase));
        }
    }
}
