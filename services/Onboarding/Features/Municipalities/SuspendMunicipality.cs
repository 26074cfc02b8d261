using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.Onboarding.Municipalities;
using SharedServices.Web;

namespace SharedServices.Onboarding.Features.Municipalities;

/// <summary>
/// Suspend (data kept, services answer "not available"), resume, and offboard a town. Offboarding is
/// final here: the stream and data stay for the export and retention that the prefecture console adds.
/// </summary>
public static class SuspendMunicipality
{
    public sealed record SuspendRequest(string Reason);

    public static async Task<IResult> Suspend(string code, SuspendRequest request, IDocumentSession session, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.Reason) || request.Reason.Length > 500)
        {
            return Problems.Validation("reason", "Say why the town is suspended (1–500 characters); its staff will see it.");
        }
        return await Transition(code, session, TenantStatuses.Active, "Only an active town can be suspended.",
            new MunicipalitySuspended(request.Reason), s => new TenantSuspended(s, request.Reason), ct);
    }

    public static Task<IResult> Resume(string code, IDocumentSession session, CancellationToken ct) =>
        Transition(code, session, TenantStatuses.Suspended, "Only a suspended town can be resumed.",
            new MunicipalityResumed(), s => new TenantResumed(s), ct);

    /// <summary>
    /// Offboards the town: its services stop serving it, and its data is kept for the retention period
    /// (<c>Onboarding:RetentionDays</c>, 90 by default) to be exported, then deleted by every service
    /// (<see cref="Offboarding.RetentionTimer"/>).
    /// </summary>
    public static Task<IResult> Offboard(string code, IDocumentSession session, IConfiguration configuration, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        session.Store(new Offboarding.TownDataRetention
        {
            Id = code, OffboardedAt = now, DeleteAfter = now.AddDays(configuration.GetValue("Onboarding:RetentionDays", 90.0)),
        });
        return Transition(code, session, null, "The town is already offboarded.",
            new MunicipalityOffboarded(), s => new TenantOffboarded(s), ct);
    }

    private static async Task<IResult> Transition(
        string code, IDocumentSession session, string? requiredStatus, string refusal,
        object change, Func<TenantSnapshot, Contracts.IIntegrationEvent> announce, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Municipality>(code, ct);
        if (stream.Aggregate is not { } town)
        {
            return Problems.NotFound($"No onboarded town has the code {code}.");
        }
        var allowed = requiredStatus is null ? town.Status != TenantStatuses.Offboarded : town.Status == requiredStatus;
        if (!allowed)
        {
            return Problems.Conflict($"{town.NameJa} is {town.Status}. {refusal}");
        }
        return TypedResults.Ok(await MunicipalityChanges.CommitAsync(session, stream, change, announce, ct));
    }
}
