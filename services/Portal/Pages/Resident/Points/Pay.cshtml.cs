using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Points;

namespace SharedServices.Portal.Pages.Resident.Points;

/// <summary>
/// /Resident/Points/Pay (お店でポイントを使う), in two steps a person can follow at a shop's counter: the
/// shop's 加盟店コード (a GET form, so "back" is harmless), then its name to check and the points to use.
/// That second form carries a key made when it is shown (hidden): sent twice, it pays once. Paid: the
/// receipt to show the shop.
/// </summary>
public sealed class PayModel(PointsClient api) : PointsPageModel(api)
{
    [BindProperty(SupportsGet = true)]
    public string? Code { get; set; }

    [BindProperty]
    public long? Points { get; set; }

    [BindProperty]
    public string? IdempotencyKey { get; set; }

    /// <summary>The shop of the code, once found: the second step.</summary>
    public MerchantSummary? Merchant { get; private set; }

    public long Available { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(Code))
        {
            return Page();
        }
        IdempotencyKey = NewKey();
        return await FindShopAsync(ct);
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Points is null)
        {
            Errors["points"] = [Text("pay.points.required")];
            return await FindShopAsync(ct);
        }
        var paid = await Api.PayAsync(Code?.Trim(), Points.Value, IdempotencyKey, ct);
        if (paid.Problem is { } problem)
        {
            if (problem.Status == StatusCodes.Status400BadRequest)
            {
                ShowFieldErrors(problem);
            }
            else if (problem.Status == StatusCodes.Status401Unauthorized || problem.IsUnavailable)
            {
                return Failed(problem);
            }
            else
            {
                Problem = problem;  // e.g. not enough points (409): shown above the same form
                Response.StatusCode = problem.Status;
            }
            return await FindShopAsync(ct);
        }
        return RedirectToPage("Receipt", new { id = paid.Value!.Id });
    }

    /// <summary>The shop of <see cref="Code"/> and the points to pay it with; a code of no shop is the code field's error.</summary>
    private async Task<IActionResult> FindShopAsync(CancellationToken ct)
    {
        Code = Code?.Trim();
        var merchant = await Api.MerchantAsync(Code ?? "", ct);
        if (merchant.Problem is { } problem)
        {
            if (problem.Status is not (StatusCodes.Status400BadRequest or StatusCodes.Status404NotFound))
            {
                return Failed(problem);
            }
            Errors["code"] = [Bilingual.Pick(problem.Errors.Values.SelectMany(m => m).FirstOrDefault() ?? problem.Detail ?? problem.Title, Language)];
            return Page();
        }
        Merchant = merchant.Value;
        if ((await Api.WalletAsync(ct)).Value is { } wallet)
        {
            Available = wallet.Total;
        }
        return Page();
    }

}
