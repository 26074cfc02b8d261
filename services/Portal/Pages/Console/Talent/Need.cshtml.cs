using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Talent;
using SharedServices.Web;

namespace SharedServices.Portal.Pages.Console.Talent;

/// <summary>
/// /Console/Talent/Need/{id} (募集の詳細): the need's terms, the registry ranked for it with each part of the
/// score and why, and the people the prefecture proposed; the town's admin accepts one (the person is
/// asked next, on their own page).
/// </summary>
public sealed class NeedModel(TalentClient api) : TalentPageModel(api)
{
    public NeedView? Need { get; private set; }

    public IReadOnlyList<Match> Matches { get; private set; } = [];

    /// <summary>Registry names by id (proposals name people by id).</summary>
    public IReadOnlyDictionary<string, string> Names { get; private set; } = new Dictionary<string, string>();

    public string? Done { get; private set; }

    public bool Admin => User.IsInRole(PlatformRoles.TownAdmin);

    public Task<IActionResult> OnGetAsync(string id, string? done, CancellationToken ct)
    {
        Done = done is "posted" or "accepted" ? done : null;
        return LoadAsync(id, ct);
    }

    public async Task<IActionResult> OnPostAcceptAsync(string id, string talentId, CancellationToken ct)
    {
        var accepted = await Api.AcceptProposalAsync(id, talentId, ct);
        return accepted.Problem is { } problem
            ? await RefusedAsync(problem, c => LoadAsync(id, c), ct)
            : RedirectToPage(new { id, done = "accepted" });
    }

    private async Task<IActionResult> LoadAsync(string id, CancellationToken ct)
    {
        var need = await Api.NeedAsync(id, ct);
        if (need.Problem is { } problem)
        {
            return Failed(problem);
        }
        var matches = await Api.MatchesAsync(id, ct);
        if (matches.Problem is { } noMatches)
        {
            return Failed(noMatches);
        }
        var registry = await Api.RegistryAsync(ct);
        if (registry.Problem is { } noRegistry)
        {
            return Failed(noRegistry);
        }
        (Need, Matches, Names) = (need.Value!, matches.Value!, registry.Value!.ToDictionary(p => p.Id, p => p.Name));
        return Page();
    }
}
