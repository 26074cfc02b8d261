using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Points;

namespace SharedServices.Portal.Pages.Resident.Points;

/// <summary>
/// /Resident/Points (地域ポイント): the resident's points by campaign with their expiry dates, the way to
/// pay at a shop, and the campaigns running in the town (申し込む for those the resident applies for,
/// or why they cannot).
/// </summary>
public sealed class IndexModel(PointsClient api) : PointsPageModel(api)
{
    public WalletView Wallet { get; private set; } = new(0, []);

    public IReadOnlyList<OfferedCampaign> Campaigns { get; private set; } = [];

    /// <summary>What was just done (enrolled): announced above the page.</summary>
    public string? Done { get; private set; }

    /// <summary>Whether the points and campaigns were read (a refused enrolment shows its reason above them).</summary>
    public bool Loaded { get; private set; }

    public Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is "enrolled" ? done : null;
        return LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostEnrolAsync(string id, CancellationToken ct)
    {
        var enrolled = await Api.EnrolAsync(id, ct);
        if (enrolled.Problem is { } problem)
        {
            var failure = Failed(problem);
            return problem.Status == StatusCodes.Status401Unauthorized || problem.IsUnavailable ? failure : await LoadAsync(ct);
        }
        return RedirectToPage(new { done = "enrolled" });
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var wallet = await Api.WalletAsync(ct);
        if (wallet.Problem is { } problem)
        {
            return Failed(problem);
        }
        var campaigns = await Api.CampaignsAsync(ct);
        if (campaigns.Problem is { } noCampaigns)
        {
            return Failed(noCampaigns);
        }
        (Wallet, Campaigns, Loaded) = (wallet.Value!, campaigns.Value!, true);
        return Page();
    }
}
