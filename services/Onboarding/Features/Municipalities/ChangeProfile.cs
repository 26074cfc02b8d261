using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.Onboarding.Municipalities;
using SharedServices.Web;

namespace SharedServices.Onboarding.Features.Municipalities;

/// <summary>The prefecture (later: the town's admin) changes a town's slug, names or branding.</summary>
public static class ChangeProfile
{
    public sealed record Request(string Slug, string NameJa, string NameEn, TenantBranding Branding);

    public static async Task<IResult> Handle(string code, Request request, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Municipality>(code, ct);
        if (stream.Aggregate is not { } town || town.Status == TenantStatuses.Offboarded)
        {
            return Problems.NotFound($"No onboarded town has the code {code}.");
        }

        var errors = new Dictionary<string, string[]>();
        MunicipalityRules.CheckSlug(request.Slug, errors);
        MunicipalityRules.CheckNames(request.NameJa, request.NameEn, errors);
        MunicipalityRules.CheckBranding(request.Branding, errors);
        await MunicipalityRules.CheckSlugFreeAsync(session, request.Slug, code, errors, ct);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        try
        {
            var snapshot = await MunicipalityChanges.CommitAsync(session, stream,
                new MunicipalityProfileChanged(request.Slug, request.NameJa, request.NameEn, request.Branding),
                s => new TenantProfileChanged(s), ct);
            return TypedResults.Ok(snapshot);
        }
        catch (Exception ex) when (MunicipalityRules.IsUniqueViolation(ex))
        {
            return Problems.Conflict($"The slug '{request.Slug}' was taken by a concurrent request.");
        }
    }
}
