using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Talent;

namespace SharedServices.Portal.Pages.Prefecture.Talent;

/// <summary>
/// /Prefecture/Talent (デジタル人材シェアリングの運営): profiles and changes awaiting the prefecture's approval
/// (approve), and every town's open needs with the registry ranked for each (propose a person).
/// </summary>
public sealed class IndexModel(TalentClient api) : TalentPageModel(api)
{
    protected override bool TownPage => false;

    /// <summary>Profiles with a change awaiting approval.</summary>
    public IReadOnlyList<OwnProfile> Awaiting { get; private set; } = [];

    public IReadOnlyList<(TownNeed Need, IReadOnlyList<Match> Matches)> OpenNeeds { get; private set; } = [];

    public string? Done { get; private set; }

    public Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is "approved" or "proposed" ? done : null;
        return LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostApproveAsync(string id, CancellationToken ct)
    {
        var approved = await Api.ApproveProfileAsync(id, ct);
        return approved.Problem is { } problem ? await RefusedAsync(problem, LoadAsync, ct) : RedirectToPage(new { done = "approved" });
    }

    public async Task<IActionResult> OnPostProposeAsync(string town, string needId, string talentId, CancellationToken ct)
    {
        var proposed = await Api.ProposeAsync(town, needId, talentId, ct);
        return proposed.Problem is { } problem ? await RefusedAsync(problem, LoadAsync, ct) : RedirectToPage(new { done = "proposed" });
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var profiles = await Api.AllProfilesAsync(ct);
        if (profiles.Problem is { } problem)
        {
            return Failed(problem);
        }
        var needs = await Api.OpenNeedsAsync(ct);
        if (needs.Problem is { } noNeeds)
        {
            return Failed(noNeeds);
        }
        var open = new List<(TownNeed, IReadOnlyList<Match>)>();
        foreach (var need in needs.Value!.OrderByDescending(n => n.Need.PostedAt))
        {
            var matches = await Api.MatchesAsync(need.Town, need.Need.Id, ct);
            if (matches.Problem is { } noMatches)
            {
                return Failed(noMatches);
            }
            open.Add((need, matches.Value!));
        }
        (Awaiting, OpenNeeds) = ([.. profiles.Value!.Where(p => p.Pending is not null)], open);
        return Page();
    }
}
