using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.EApplication;

namespace SharedServices.Portal.Pages.Prefecture.Templates;

/// <summary>
/// /Prefecture/Templates/{key} (共通様式の展開): which version of the template each town using e-application
/// adopted, publishes and has on offer; the operator chooses towns that have not adopted it and rolls it
/// out to them at once (each town's admin then reviews and publishes it).
/// </summary>
public sealed class TemplateModel(EApplicationClient api) : EApplicationPageModel(api)
{
    public TemplateAdoptions? Adoptions { get; private set; }

    /// <summary>The outcome of the rollout just made, per town (after the redirect: from the query).</summary>
    public IReadOnlyList<RolloutResult> Rolled { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(string key, string[]? adopted, string[]? skipped, CancellationToken ct)
    {
        Rolled = [.. (adopted ?? []).Select(t => new RolloutResult(t, "adopted", null)), .. (skipped ?? []).Select(t => new RolloutResult(t, "skipped", null))];
        return await LoadAsync(key, ct);
    }

    public async Task<IActionResult> OnPostAsync(string key, string[]? towns, CancellationToken ct)
    {
        if (towns is not { Length: > 0 })
        {
            Errors["towns"] = [Shell.PortalTexts.Get("rollout.chooseTowns", Language)];
            var page = await LoadAsync(key, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        var rolled = await Api.RollOutAsync(key, towns, ct);
        if (rolled.Problem is { Status: StatusCodes.Status400BadRequest } invalid)
        {
            ShowFieldErrors(invalid);
            var page = await LoadAsync(key, ct);
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return page;
        }
        if (rolled.Problem is { } problem)
        {
            return Failed(problem);
        }
        var results = rolled.Value!;
        return RedirectToPage(new
        {
            key,
            adopted = results.Where(r => r.Outcome == "adopted").Select(r => r.Town).ToArray(),
            skipped = results.Where(r => r.Outcome != "adopted").Select(r => r.Town).ToArray(),
        });
    }

    private async Task<IActionResult> LoadAsync(string key, CancellationToken ct)
    {
        var adoptions = await Api.TemplateAdoptionsAsync(key, ct);
        if (adoptions.Problem is { } problem)
        {
            return Failed(problem);
        }
        Adoptions = adoptions.Value!;
        return Page();
    }

    public string TownName(string code) =>
        Adoptions?.Towns.FirstOrDefault(t => t.Town == code) is { } town ? (Language == "en" ? town.NameEn : town.NameJa) : code;
}
