using Microsoft.AspNetCore.Mvc;
using SharedServices.Portal.Features.Points;

namespace SharedServices.Portal.Pages.Resident.Points;

/// <summary>/Resident/Points/Receipt/{id}: a payment of the resident's, to show the shop, with the points left.</summary>
public sealed class ReceiptModel(PointsClient api) : PointsPageModel(api)
{
    public PaymentView? Payment { get; private set; }

    public long? Left { get; private set; }

    public async Task<IActionResult> OnGetAsync(string id, CancellationToken ct)
    {
        var payment = await Api.PaymentAsync(id, ct);
        if (payment.Problem is { } problem)
        {
            return Failed(problem);
        }
        Payment = payment.Value!;
        Left = (await Api.WalletAsync(ct)).Value?.Total;
        return Page();
    }
}
