using JasperFx.Events;
using Marten;
using SharedServices.Points.Access;
using SharedServices.Points.Campaigns;
using SharedServices.Points.Merchants;
using SharedServices.Points.Residents;
using SharedServices.Points.Wallets;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Points.Features.ResidentPoints;

/// <summary>
/// A resident's points on the town portal: the campaigns open to them (and enrolment in those they
/// apply for themselves), their balance by campaign with expiry dates, every grant, payment, refund and
/// lapse, and paying a merchant by its code.
/// </summary>
public static class WalletApi
{
    public sealed record PaymentRequest(string? MerchantCode, long Points, string? IdempotencyKey);

    public static void MapWalletApi(this IEndpointRouteBuilder app)
    {
        var residents = app.TownEndpoints("/").RequireAuthorization(AccessRules.Residents).WithTags("Wallet");
        residents.MapGet("/campaigns", CampaignsAsync);
        residents.MapPost("/campaigns/{id}/enrolment", EnrolAsync);
        residents.MapGet("/wallet", WalletAsync);
        residents.MapGet("/wallet/history", HistoryAsync);
        residents.MapGet("/merchants/{code}", MerchantAsync);
        residents.MapPost("/payments", PayAsync);
        residents.MapGet("/payments/{id}", PaymentAsync);
    }

    private static DateOnly Today(TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).DateTime);

    private static async Task<IResult> CampaignsAsync(HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(http);
        var now = clock.GetUtcNow();
        var campaigns = await session.Query<Campaign>().Where(c => c.Status != CampaignStatus.Draft).ToListAsync(ct);
        var wallet = await session.LoadAsync<Wallet>(caller.Id, ct);
        var record = await session.LoadAsync<ResidentRecord>(caller.Id, ct);
        return TypedResults.Ok(campaigns.OrderBy(c => c.Terms.GrantUntil).Select(c => new
        {
            id = c.Id,
            name = c.Terms.Name,
            purpose = c.Terms.Purpose,
            trigger = c.Terms.Trigger,
            status = c.Status.ToString(),
            pointsPerGrant = c.Terms.PointsPerGrant,
            grantFrom = c.Terms.GrantFrom,
            grantUntil = c.Terms.GrantUntil,
            spendUntil = c.Terms.SpendUntil,
            allowedCategories = c.Terms.Categories,
            received = wallet?.GrantedFrom(c.Id) ?? 0,
            enrolled = wallet?.GrantFor(c.Id, Triggers.Enrolment) is not null,
            // For an enrolment campaign: why they cannot enrol now, if so.
            enrolmentRefusal = c.Terms.Trigger != Triggers.Enrolment ? null
                : c.GrantRefusal(now) ?? EligibilityCheck.Refusal(c.Terms.Rules, record, (int)caller.Assurance, Today(clock)),
        }));
    }

    private static async Task<IResult> EnrolAsync(string id, HttpContext http, IQuerySession session, Granting granting, TimeProvider clock, CancellationToken ct)
    {
        var caller = Caller.Of(http);
        if (await session.LoadAsync<Campaign>(id, ct) is not { Status: not CampaignStatus.Draft } campaign)
        {
            return Problems.NotFound("No such campaign in this town.");
        }
        if (campaign.Terms.Trigger != Triggers.Enrolment)
        {
            return Problems.Conflict("このキャンペーンは申込みではなく自動で付与されます。(This campaign's points are granted without enrolment.)");
        }
        var record = await session.LoadAsync<ResidentRecord>(caller.Id, ct);
        if (EligibilityCheck.Refusal(campaign.Terms.Rules, record, (int)caller.Assurance, Today(clock)) is { } notEligible)
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "Not eligible", notEligible);
        }
        var outcome = await granting.GrantAsync(caller.Id, id, Triggers.Enrolment, ct);
        return outcome.Result switch
        {
            GrantResult.Granted => TypedResults.Created($"/wallet", new { grantId = outcome.GrantId, points = outcome.Points }),
            GrantResult.AlreadyGranted => TypedResults.Ok(new { grantId = outcome.GrantId, points = outcome.Points }),
            _ => Problems.Conflict(outcome.Reason!),
        };
    }

    private static async Task<IResult> WalletAsync(HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var wallet = await session.LoadAsync<Wallet>(Caller.Of(http).Id, ct) ?? new Wallet();
        var ids = wallet.Lots.Select(l => l.CampaignId).Distinct().ToArray();
        var campaigns = ids.Length == 0 ? [] : (await session.LoadManyAsync<Campaign>(ct, ids)).ToDictionary(c => c.Id);
        var balances = wallet.Lots.GroupBy(l => l.CampaignId).Select(g =>
        {
            var campaign = campaigns[g.Key];
            var live = g.Where(l => l.Remaining > 0 && !l.IsExpired(now)).ToList();
            return new
            {
                campaignId = g.Key,
                name = campaign.Terms.Name,
                balance = live.Sum(l => l.Remaining),
                spendable = campaign.IsSpendable(now),
                allowedCategories = campaign.Terms.Categories,
                // What expires when: the resident spends the earliest first.
                expiries = live.GroupBy(l => l.ExpiresAt).OrderBy(e => e.Key).Select(e => new { expiresAt = e.Key, points = e.Sum(l => l.Remaining) }),
                lapsed = g.Sum(l => l.Lapsed) + g.Where(l => l.Remaining > 0 && l.IsExpired(now)).Sum(l => l.Remaining),
            };
        }).ToList();
        return TypedResults.Ok(new { total = balances.Sum(b => b.balance), balances });
    }

    private static async Task<IResult> HistoryAsync(HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var events = await session.Events.FetchStreamAsync(Caller.Of(http).Id, token: ct);
        var names = (await session.Query<Campaign>().ToListAsync(ct)).ToDictionary(c => c.Id, c => c.Terms.Name);
        string Name(string id) => names.GetValueOrDefault(id, id);
        var entries = events.Select(e => e.Data switch
        {
            Granted g => (object)new { kind = "granted", at = g.At, points = g.Points, campaign = Name(g.CampaignId), expiresAt = (DateTimeOffset?)g.ExpiresAt, detail = g.Trigger },
            GrantRefused r => new { kind = "grantRefused", at = r.At, points = 0L, campaign = Name(r.CampaignId), expiresAt = (DateTimeOffset?)null, detail = r.Reason },
            Paid p => new { kind = "paid", at = p.At, points = -p.Points, campaign = string.Join("・", p.From.Select(f => Name(f.CampaignId)).Distinct()), expiresAt = (DateTimeOffset?)null, detail = p.MerchantName },
            Refunded r => new { kind = "refunded", at = r.At, points = r.Points, campaign = string.Join("・", r.To.Select(f => Name(f.CampaignId)).Distinct()), expiresAt = (DateTimeOffset?)null, detail = r.PaymentId },
            Lapsed l => new { kind = "lapsed", at = l.At, points = -l.Lots.Sum(x => x.Points), campaign = string.Join("・", l.Lots.Select(f => Name(f.CampaignId)).Distinct()), expiresAt = (DateTimeOffset?)null, detail = "失効 (expired)" },
            _ => null,
        }).Where(e => e is not null).Reverse();
        return TypedResults.Ok(entries);
    }

    private static async Task<IResult> MerchantAsync(string code, MerchantDirectory merchants, CancellationToken ct)
    {
        if (!Merchant.IsWellFormedCode(code))
        {
            return Problems.Validation("code", "加盟店コードは8桁の数字です。番号をご確認ください。(A merchant code is 8 digits: please check it.)");
        }
        var merchant = await merchants.ByCodeAsync(code, ct);
        return merchant is not null && merchant.IsAcceptedBy(CurrentTenant.Id)
            ? TypedResults.Ok(new { code = merchant.Code, name = merchant.Name, category = merchant.Category })
            : Problems.NotFound("この市町村のポイントを使える加盟店ではありません。(No merchant accepting this town's points has this code.)");
    }

    private static async Task<IResult> PayAsync(PaymentRequest? request, HttpContext http, MerchantDirectory merchants, Paying paying, CancellationToken ct)
    {
        if (request is null)
        {
            return Problems.Validation("body", "A payment: merchantCode, points and idempotencyKey.");
        }
        if (Paying.CheckRequest(request.Points, request.IdempotencyKey) is { } problem)
        {
            return problem;
        }
        if (!Merchant.IsWellFormedCode(request.MerchantCode))
        {
            return Problems.Validation("merchantCode", "加盟店コードは8桁の数字です。番号をご確認ください。(A merchant code is 8 digits: please check it.)");
        }
        if (await merchants.ByCodeAsync(request.MerchantCode!, ct) is not { } merchant)
        {
            return Problems.Validation("merchantCode", "この番号の加盟店はありません。(No merchant has this code.)");
        }
        return await paying.PayAsync(Caller.Of(http).Id, merchant, request.Points, request.IdempotencyKey!, ct);
    }

    private static async Task<IResult> PaymentAsync(string id, HttpContext http, IQuerySession session, CancellationToken ct) =>
        await session.LoadAsync<Payment>(id, ct) is { } payment && payment.ResidentId == Caller.Of(http).Id
            ? TypedResults.Ok(payment.View())
            : Problems.NotFound("No such payment of yours.");
}
