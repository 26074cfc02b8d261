using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Points;

namespace SharedServices.Portal.Pages.Merchant;

/// <summary>
/// /Merchant (加盟店のページ, at the prefecture's plain address): the merchant's code and name, the payments
/// made to it in each town that accepts it (newest first), and a refund form on each payment whose
/// key is made when the page is shown (a double submit refunds once).
/// </summary>
public sealed class IndexModel(PointsClient api) : PointsPageModel(api)
{
    protected override bool TownPage => false;

    public MerchantMe? Me { get; private set; }

    public IReadOnlyList<MerchantPayment> Payments { get; private set; } = [];

    /// <summary>The payment whose refund form the errors belong to.</summary>
    public string? RefundFor { get; private set; }

    public string? Done { get; private set; }

    public Task<IActionResult> OnGetAsync(string? done, CancellationToken ct)
    {
        Done = done is "refunded" ? done : null;
        return LoadAsync(ct);
    }

    public async Task<IActionResult> OnPostRefundAsync(string town, string id, long? points, string? idempotencyKey, CancellationToken ct)
    {
        var refunded = await Api.RefundAsync(town, id, points ?? 0, idempotencyKey, ct);
        if (refunded.Problem is not { } problem)
        {
            return RedirectToPage(new { done = "refunded" });
        }
        if (problem.Status == StatusCodes.Status401Unauthorized || problem.IsUnavailable)
        {
            return Failed(problem);
        }
        RefundFor = id;
        if (problem.Status == StatusCodes.Status400BadRequest)
        {
            ShowFieldErrors(problem);
        }
        else
        {
            Problem = problem;
            Response.StatusCode = problem.Status;
        }
        return await LoadAsync(ct);
    }

    private async Task<IActionResult> LoadAsync(CancellationToken ct)
    {
        var me = await Api.MerchantMeAsync(ct);
        if (me.Problem is { } problem)
        {
            return Failed(problem);
        }
        var payments = await Api.MerchantPaymentsAsync(ct);
        if (payments.Problem is { } noPayments)
        {
            return Failed(noPayments);
        }
        (Me, Payments) = (me.Value!, payments.Value!);
        return Page();
    }
}
