using SharedServices.Tenancy;
using Marten;
using SharedServices.Points.Access;

namespace SharedServices.Points.Merchants;

/// <summary>The prefecture-wide merchant registry, read from any town's request (the prefecture's tenant).</summary>
public sealed class MerchantDirectory(IDocumentStore store, Prefecture prefecture)
{
    public IQuerySession Session() => store.QuerySession(prefecture.Code);

    public async Task<Merchant?> ByCodeAsync(string code, CancellationToken ct)
    {
        await using var session = Session();
        return await session.Query<Merchant>().FirstOrDefaultAsync(m => m.Code == code, ct);
    }

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
