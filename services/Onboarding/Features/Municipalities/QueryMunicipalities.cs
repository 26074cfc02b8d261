using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.Onboarding.Municipalities;
using SharedServices.Web;

namespace SharedServices.Onboarding.Features.Municipalities;

/// <summary>The prefecture's list of its towns, and one town.</summary>
public static class QueryMunicipalities
{
    public static async Task<IResult> List(IQuerySession session, CancellationToken ct)
    {
        var towns = await session.Query<Municipality>().OrderBy(m => m.Id).ToListAsync(ct);
        return TypedResults.Ok(towns.Select(t => t.ToSnapshot(t.Version)));
    }

    public static async Task<IResult> Get(string code, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Municipality>(code, ct) is { } town
            ? TypedResults.Ok<TenantSnapshot>(town.ToSnapshot(town.Version))
            : Problems.NotFound($"No onboarded town has the code {code}.");
}
