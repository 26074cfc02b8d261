using System.Collections.Concurrent;
using SharedServices.Tenancy;
using Marten;
using SharedServices.Points.Access;

namespace SharedServices.Points.Merchants;

/// <summary>The prefecture-wide merchant registry, read from any town's request (the prefecture's tenant).</summary>
public sealed class MerchantDirectory(IDocumentStore store, Prefecture prefecture, IConfiguration configuration)
{
    // A payment names its merchant by code: kept for a few seconds, the lookup costs no database round
    // trips (a session of its own: the tenant set, the query, the tenant reset) on most payments.
    private readonly ConcurrentDictionary<string, (Merchant Merchant, long Until)> _byCode = new();
    private readonly long _keepMilliseconds = (long)(configuration.GetValue("Points:MerchantCacheSeconds", 5.0) * 1000);

    public IQuerySession Session() => store.QuerySession(prefecture.Code);

    /// <summary>
    /// A merchant by its 加盟店コード, read at most <c>Points:MerchantCacheSeconds</c> (5) ago: a town's
    /// change of acceptance reaches payments on this instance at once (<see cref="Forget"/>), on others
    /// within those seconds. The merchant returned is shared: read it, never change it.
    /// </summary>
    public async Task<Merchant?> ByCodeAsync(string code, CancellationToken ct)
    {
        var now = Environment.TickCount64;
        if (_byCode.TryGetValue(code, out var kept) && kept.Until > now)
        {
            return kept.Merchant;
        }
        await using var session = Session();
        var merchant = await session.Query<Merchant>().FirstOrDefaultAsync(m => m.Code == code, ct);
        if (merchant is not null && _keepMilliseconds > 0)
        {
            _byCode[code] = (merchant, now + _keepMilliseconds);
        }
        return merchant;
    }

    /// <summary>Drops a merchant that changed from what <see cref="ByCodeAsync"/> keeps.</summary>
    public void Forget(string code) => _byCode.TryRemove(code, out _);

    public async Task<Merchant?> ByIdAsync(string id, CancellationToken ct)
    {
        await using var session = Session();
        return await session.LoadAsync<Merchant>(id, ct);
    }

    public async Task<Merchant?> ByLoginAsync(string email, CancellationToken ct)
    {
        var login = email.ToLowerInvariant();
        await using var session = Session();
        return await session.Query<Merchant>().FirstOrDefaultAsync(m => m.LoginEmail == login, ct);
    }
}
