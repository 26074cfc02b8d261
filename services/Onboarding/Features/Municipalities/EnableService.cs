using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.Onboarding.Municipalities;
using SharedServices.Web;

namespace SharedServices.Onboarding.Features.Municipalities;

/// <summary>The prefecture turns a shared service on or off for a town. Doing what is already done changes nothing.</summary>
public static class EnableService
{
    public static Task<IResult> Enable(string code, string service, IDocumentSession session, CancellationToken ct) =>
        Change(code, service, enable: true, session, ct);

    public static Task<IResult> Disable(string code, string service, IDocumentSession session, CancellationToken ct) =>
        Change(code, service, enable: false, session, ct);

    private static async Task<IResult> Change(string code, string service, bool enable, IDocumentSession session, CancellationToken ct)
    {
        if (!PlatformServices.All.Contains(service))
        {
            return Problems.Validation("service", $"'{service}' is not a service; choose from {string.Join(", ", PlatformServices.All)}.");
        }
        var stream = await session.Events.FetchForWriting<Municipality>(code, ct);
        if (stream.Aggregate is not { } town || town.Status == TenantStatuses.Offboarded)
        {
            return Problems.NotFound($"No onboarded town has the code {code}.");
        }
        if (town.EnabledServices.Contains(service) == enable)
        {
            return TypedResults.Ok(town.ToSnapshot(stream.CurrentVersion ?? 0));
        }

        var snapshot = enable
            ? await MunicipalityChanges.CommitAsync(session, stream, new MunicipalityServiceEnabled(service), s => new TenantServiceEnabled(s, service), ct)
            : await MunicipalityChanges.CommitAsync(session, stream, new MunicipalityServiceDisabled(service), s => new TenantServiceDisabled(s, service), ct);
        return TypedResults.Ok(snapshot);
    }
}
