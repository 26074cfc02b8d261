using Marten;
using SharedServices.Web;

namespace SharedServices.Onboarding.Features.Offboarding;

/// <summary>An offboarded town's retention: until when its data is kept, and which services have deleted it since.</summary>
public static class OffboardingApi
{
    public static async Task<IResult> StatusAsync(string code, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<TownDataRetention>(code, ct) is { } retention
            ? TypedResults.Ok(retention)
            : Problems.NotFound($"{code} is not an offboarded town.");
}
