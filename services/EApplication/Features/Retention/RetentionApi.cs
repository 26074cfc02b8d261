using SharedServices.EApplication.Access;
using SharedServices.EApplication.Retention;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Retention;

/// <summary>For a town's admins: whose personal data the retention run erases next (保存期間満了予定).</summary>
public static class RetentionApi
{
    public const int MaxWithinDays = 366;

    public static IEndpointRouteBuilder MapRetentionApi(this IEndpointRouteBuilder app)
    {
        app.TownEndpoints("/console/retention").RequireAuthorization(AccessRules.TownAdmins).WithTags("Retention")
            .MapGet("/due", DueAsync);
        return app;
    }

    /// <summary>Applications due within <paramref name="withinDays"/> days from now (30 by default), soonest first.</summary>
    private static async Task<IResult> DueAsync(int? withinDays, PersonalDataErasure erasure, TimeProvider clock, CancellationToken ct)
    {
        if (withinDays is < 0 or > MaxWithinDays)
        {
            return Problems.Validation("withinDays", $"From 0 to {MaxWithinDays} days.");
        }
        return TypedResults.Ok(await erasure.FindDueAsync(clock.GetUtcNow().AddDays(withinDays ?? 30), ct));
    }
}
