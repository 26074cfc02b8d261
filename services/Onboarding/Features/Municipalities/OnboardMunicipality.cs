using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.Onboarding.Municipalities;
using SharedServices.Onboarding.OperatorAccess;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Onboarding.Features.Municipalities;

/// <summary>
/// The prefecture onboards a town (市町村) as a tenant. Names default to the 総務省 list; a town missing
/// from it (a later merger) is onboarded with its names typed in. Every other service learns of it
/// from <see cref="TenantOnboarded"/> and serves it within seconds; a first administrator named here
/// travels with that event, and the identity service e-mails them an invitation.
/// </summary>
public static class OnboardMunicipality
{
    public sealed record Request(
        string Code,
        string Slug,
        string? NameJa = null,
        string? NameEn = null,
        TenantBranding? Branding = null,
        IReadOnlyList<string>? EnabledServices = null,
        TenantAdmin? FirstAdmin = null);

    /// <summary>What a request onboards once checked: the event to start the town's stream with, and its first admin.</summary>
    public sealed record Checked(MunicipalityOnboarded Onboarded, TenantAdmin? FirstAdmin);

    public static async Task<IResult> Handle(
        Request request, IDocumentSession session, MunicipalityCatalogue catalogue, IConfiguration configuration,
        ILogger<Request> logger, CancellationToken ct)
    {
        var (errors, alreadyOnboarded, town) = await CheckAsync(request, session, catalogue, configuration.GetPrefectureCode(), ct);
        if (alreadyOnboarded is { } existing)
        {
            return Problems.Conflict($"{existing.NameJa} ({request.Code}) is already onboarded.");
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var snapshot = Start(session, town!);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception ex) when (MunicipalityRules.IsUniqueViolation(ex))
        {
            return Problems.Conflict($"{request.Code} or the slug '{request.Slug}' was taken by a concurrent request.");
        }
        logger.LogInformation("Onboarded {Code} {NameJa} as {Slug}", request.Code, town!.Onboarded.NameJa, request.Slug);
        return TypedResults.Created($"/operator/municipalities/{request.Code}", snapshot);
    }

    /// <summary>
    /// The checks of a town to onboard, each naming its field: the code (check digit, this prefecture,
    /// a municipality), slug (well-formed and free), names (from the national list when not given),
    /// branding, services and first admin. A town already onboarded is answered apart (a conflict).
    /// </summary>
    public static async Task<(Dictionary<string, string[]> Errors, Municipality? AlreadyOnboarded, Checked? Town)> CheckAsync(
        Request request, IDocumentSession session, MunicipalityCatalogue catalogue, string prefectureCode, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var entry = catalogue.Find(request.Code);

        if (MunicipalityCode.Explain(request.Code) is { } codeProblem)
        {
            errors["code"] = [codeProblem];
        }
        else if (MunicipalityCode.PrefecturePart(request.Code) != MunicipalityCode.PrefecturePart(prefectureCode))
        {
            errors["code"] = [$"{request.Code} is not a municipality of this prefecture ({prefectureCode[..2]})."];
        }
        else if (entry is { IsMunicipality: false })
        {
            errors["code"] = [$"{request.Code} is a {entry.Type} ({entry.Name}), not a town the platform can host."];
        }

        var nameJa = request.NameJa ?? entry?.Name ?? "";
        var nameEn = request.NameEn ?? "";
        var branding = request.Branding ?? MunicipalityRules.DefaultBranding;
        var services = (request.EnabledServices ?? []).Distinct().Order().ToList();

        MunicipalityRules.CheckSlug(request.Slug, errors);
        MunicipalityRules.CheckNames(nameJa, nameEn, errors);
        if (entry is null && request.NameJa is null)
        {
            // The name was to come from the national list, which does not know the code: one problem, the code's.
            errors.Remove("nameJa");
            errors.TryAdd("code", [$"{request.Code} is not in the national list of town codes (全国地方公共団体コード): check it, or give the Japanese name (nameJa) of a town missing from the list."]);
        }
        MunicipalityRules.CheckBranding(branding, errors);
        var firstAdmin = MunicipalityRules.CheckFirstAdmin(request.FirstAdmin, errors);
        // Where, not FirstOrDefault: a null in the list (JSON does not refuse one) is unknown too.
        if (services.Where(s => s is null || !PlatformServices.All.Contains(s)).Select(s => s ?? "null").FirstOrDefault() is { } unknown)
        {
            errors["enabledServices"] = [$"'{unknown}' is not a service; choose from {string.Join(", ", PlatformServices.All)}."];
        }
        if (!errors.ContainsKey("code") && await session.LoadAsync<Municipality>(request.Code, ct) is { } existing)
        {
            return (errors, existing, null);
        }
        await MunicipalityRules.CheckSlugFreeAsync(session, request.Slug, null, errors, ct);
        return errors.Count > 0
            ? (errors, null, null)
            : (errors, null, new Checked(new MunicipalityOnboarded(request.Code, request.Slug, nameJa, nameEn, branding, services), firstAdmin));
    }

    /// <summary>Starts the town's stream with its onboarding and the announcement to every service, when the session commits.</summary>
    public static TenantSnapshot Start(IDocumentSession session, Checked town)
    {
        var snapshot = Municipality.Create(town.Onboarded).ToSnapshot(2);
        session.Events.StartStream<Municipality>(town.Onboarded.Code, town.Onboarded, new TenantOnboarded(snapshot, town.FirstAdmin));
        return snapshot;
    }
}
