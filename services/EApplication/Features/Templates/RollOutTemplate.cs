using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.EApplication.Features.Procedures;
using SharedServices.EApplication.Procedures;
using SharedServices.EventStore;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Templates;

/// <summary>
/// The prefecture rolls a shared template out (共通様式の展開): adopted at once in the towns it chooses
/// (each town's admin then reviews and publishes it), and for each town that uses e-application, which
/// version it adopted, which it publishes, and whether a newer one awaits its decision.
/// </summary>
public static class RollOutTemplate
{
    public const int MaxTowns = 100;

    public sealed record Request(IReadOnlyList<string> Towns);

    /// <param name="Outcome"><c>adopted</c>, <c>already-adopted</c>, <c>not-using-e-application</c> or <c>unknown-town</c>.</param>
    public sealed record TownResult(string Town, string Outcome, int? TemplateVersion);

    /// <param name="TemplateVersion">The template version the town's procedure is based on (null: not adopted).</param>
    /// <param name="PublishedVersion">The town's own published version of the procedure (0: not published yet).</param>
    /// <param name="OfferedVersion">A newer template version offered to the town, awaiting its decision.</param>
    public sealed record Adoption(string Town, string NameJa, string NameEn, bool Adopted, int? TemplateVersion, int PublishedVersion, int? OfferedVersion);

    public sealed record Adoptions(string Template, int LatestVersion, IReadOnlyList<Adoption> Towns);

    public static async Task<IResult> RollOutAsync(
        string key, Request request, HttpContext http, IDocumentStore store, Prefecture prefecture, TenantRegistry towns, CancellationToken ct)
    {
        if (http.User.FindFirst(TenantClaim.Type)?.Value != prefecture.Code)
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "Operators only", "Only this prefecture's operators roll templates out.");
        }
        var chosen = (request.Towns ?? []).Distinct(StringComparer.Ordinal).ToList();
        if (chosen.Count is 0 or > MaxTowns)
        {
            return Problems.Validation("towns", $"Choose from 1 to {MaxTowns} towns.");
        }
        // Where, not FirstOrDefault: a null in the list (JSON does not refuse one) is not a code either.
        if (chosen.Where(c => !MunicipalityCode.IsValid(c)).Select(c => c ?? "null").FirstOrDefault() is { } bad)
        {
            return Problems.Validation("towns", $"'{bad}' is not a 地方公共団体コード.");
        }
        using (prefecture.Scope())
        {
            await using var shared = store.QuerySession(prefecture.Code);
            if (await shared.LoadAsync<FormTemplate>(key, ct) is null)
            {
                return Problems.NotFound($"No template '{key}'.");
            }
        }

        var by = Caller.Of(http).Id;
        var results = new List<TownResult>();
        foreach (var code in chosen)
        {
            var town = towns.FindById(code);
            if (town is not { IsActive: true })
            {
                results.Add(new(code, "unknown-town", null));
                continue;
            }
            if (!town.EnabledServices.Contains(PlatformServices.EApplication))
            {
                results.Add(new(code, "not-using-e-application", null));
                continue;
            }
            var (outcome, version) = await AdoptTemplate.AdoptAsync(store, prefecture, code, key, by, ct);
            results.Add(new(code, outcome == AdoptTemplate.Outcome.Adopted ? "adopted" : "already-adopted", version));
        }
        return TypedResults.Ok(results);
    }

    public static async Task<IResult> AdoptionsAsync(string key, IDocumentStore store, Prefecture prefecture, TenantRegistry towns, CancellationToken ct)
    {
        FormTemplate? template;
        await using (var shared = store.QuerySession(prefecture.Code))
        {
            template = await shared.LoadAsync<FormTemplate>(key, ct);
        }
        if (template is null)
        {
            return Problems.NotFound($"No template '{key}'.");
        }
        var adoptions = new List<Adoption>();
        foreach (var town in towns.All.Where(t => t.IsActive && t.EnabledServices.Contains(PlatformServices.EApplication)).OrderBy(t => t.Id, StringComparer.Ordinal))
        {
            await using var session = store.QuerySession(town.Id);
            var procedure = await session.LoadAsync<Procedure>(key, ct);
            var adopted = procedure is { TemplateKey: not null } && procedure.TemplateKey == key;
            adoptions.Add(new(town.Id, town.NameJa, town.NameEn, adopted, adopted ? procedure!.TemplateVersion : null,
                adopted ? procedure!.PublishedVersion : 0, adopted ? procedure!.OfferedTemplateVersion : null));
        }
        return TypedResults.Ok(new Adoptions(key, template.LatestVersion, adoptions));
    }
}
