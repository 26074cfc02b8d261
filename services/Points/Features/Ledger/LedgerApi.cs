using SharedServices.Points.Access;
using SharedServices.Points.Ledger;
using SharedServices.Tenancy;

namespace SharedServices.Points.Features.Ledger;

/// <summary>
/// The reconciliation report (照合): per campaign, the double-entry accounts summed from the wallet
/// events, and each figure checked against where it is kept apart (the budget's allotments, the wallets,
/// the payment records settlements are made from). <c>balanced</c> is true only if every check agrees.
/// </summary>
public static class LedgerApi
{
    public static void MapLedgerApi(this IEndpointRouteBuilder app) =>
        app.TownEndpoints("/console/ledger").RequireAuthorization(AccessRules.Staff).WithTags("Ledger")
            .MapGet("/reconciliation", async (LedgerQueries ledger, TimeProvider clock, CancellationToken ct) =>
            {
                var campaigns = await ledger.CampaignsAsync(CurrentTenant.Id, null, ct);
                return TypedResults.Ok(new
                {
                    at = clock.GetUtcNow(),
                    balanced = campaigns.All(c => c.Checks.All(x => x.Balanced)),
                    campaigns = campaigns.Select(c => new
                    {
                        campaignId = c.Accounts.CampaignId,
                        accounts = new
                        {
                            budget = c.Accounts.Budget, budgetLeft = c.Accounts.BudgetLeft, residents = c.Accounts.Residents,
                            merchants = c.Accounts.Merchants, lapsed = c.Accounts.Lapsed,
                        },
                        entries = new { granted = c.Accounts.Granted, spent = c.Accounts.Spent, refunded = c.Accounts.Refunded, lapsed = c.Accounts.Lapsed },
                        balanced = c.Checks.All(x => x.Balanced),
                        checks = c.Checks.Select(x => new { x.Name, x.Description, fromEvents = x.FromEvents, kept = x.Kept, balanced = x.Balanced }),
                    }),
                });
            });
}
