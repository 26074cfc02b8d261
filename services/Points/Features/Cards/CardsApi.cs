using Marten;
using JasperFx;
using Marten.Exceptions;
using SharedServices.Contracts.Tenancy;
using SharedServices.EventStore;
using SharedServices.Points.Access;
using SharedServices.Points.Cards;
using SharedServices.Points.Merchants;
using SharedServices.Points.Wallets;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Points.Features.Cards;

/// <summary>
/// Printed point cards for residents without a smartphone (誰一人取り残さない): staff issue one (a PDF
/// letter to print and mail: the card with its QR code, and the PIN apart); a merchant scans the card
/// and the resident enters the PIN; the payment is then the same as one from the resident's phone.
/// </summary>
public static class CardsApi
{
    public sealed record IssueRequest(string? ResidentId);

    public sealed record CardPaymentRequest(string? Card, string? Pin, long Points, string? IdempotencyKey);

    public static void MapCardsApi(this IEndpointRouteBuilder app)
    {
        var staff = app.TownEndpoints("/console/cards").RequireAuthorization(AccessRules.Staff).WithTags("Cards");
        staff.MapPost("/", IssueAsync);
        staff.MapDelete("/{number}", RevokeAsync);
        app.MapGroup("/merchant/card-payments").RequireAuthorization(AccessRules.Merchants).WithTags("Merchant")
            .MapPost("/", PayAsync);
    }

    /// <summary>Issues a card (any earlier card of the resident stops working) and answers with the letter to print.</summary>
    private static async Task<IResult> IssueAsync(IssueRequest? request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request?.ResidentId) || request.ResidentId.Length > 64)
        {
            return Problems.Validation("residentId", "The resident's platform account id.");
        }
        var now = clock.GetUtcNow();
        foreach (var earlier in await session.Query<PointCard>().Where(c => c.ResidentId == request.ResidentId && c.RevokedAt == null).ToListAsync(ct))
        {
            earlier.RevokedAt = now;
            session.Update(earlier);
        }
        var (card, pin) = PointCard.Issue(CurrentTenant.Id, request.ResidentId, now);
        session.Insert(card);
        await session.SaveChangesAsync(ct);
        http.Response.Headers.Location = $"/console/cards/{card.Id}";
        return TypedResults.File(CardLetter.Pdf(http.Tenant().NameJa, card.Id, pin, now), "application/pdf", $"point-card-{card.Id}.pdf");
    }

    private static async Task<IResult> RevokeAsync(string number, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (await session.LoadAsync<PointCard>(number, ct) is not { } card)
        {
            return Problems.NotFound("No such card in this town.");
        }
        card.RevokedAt ??= clock.GetUtcNow();
        session.Update(card);
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// A merchant's scan of a card and the PIN the resident entered. A wrong PIN counts against the card
    /// (five in a row lock it); the count is written with optimistic concurrency, so guesses sent at
    /// once cannot slip past it.
    /// </summary>
    private static async Task<IResult> PayAsync(CardPaymentRequest? request, HttpContext http, MerchantDirectory merchants, IDocumentStore store,
        Paying paying, TenantRegistry towns, TimeProvider clock, CancellationToken ct)
    {
        if (request is null)
        {
            return Problems.Validation("body", "A card payment: card (the QR code's text or the card number), pin, points, idempotencyKey.");
        }
        if (PointCard.NumberFrom(request.Card) is not { } number)
        {
            return Problems.Validation("card", "カードを読み取れませんでした。もう一度読み取ってください。(This is not a point card's QR code or number.)");
        }
        if (request.Pin is not { Length: 4 } pin || !pin.All(char.IsAsciiDigit))
        {
            return Problems.Validation("pin", "暗証番号は4桁の数字です。(The PIN is 4 digits.)");
        }
        if (Paying.CheckRequest(request.Points, request.IdempotencyKey) is { } problem)
        {
            return problem;
        }
        if (Caller.Of(http).Email is not { } email || await merchants.ByLoginAsync(email, ct) is not { } merchant)
        {
            return Problems.NotFound("No merchant is registered for this sign-in.");
        }
        var town = PointCard.TownOf(number);
        if (towns.FindById(town) is not { } tenant || !tenant.EnabledServices.Contains(PlatformServices.Points))
        {
            return Problems.Validation("card", "このカードの市町村はポイント事業を行っていません。(This card's town runs no point campaigns.)");
        }
        using var scope = CurrentTenant.Change(town);
        await using (var session = store.OpenTenantSession())
        {
            if (await session.LoadAsync<PointCard>(number, ct) is not { } card || card.RevokedAt is not null)
            {
                return Problems.Result(StatusCodes.Status403Forbidden, "Card not valid",
                    "このカードは使えません。役場にお問い合わせください。(This card is not valid: please ask the town office.)");
            }
            if (card.LockedAt is not null)
            {
                return Problems.Result(StatusCodes.Status403Forbidden, "Card locked",
                    "暗証番号を続けて間違えたため、このカードは使えません。役場で新しいカードを受け取ってください。(Locked after wrong PINs: the town office issues a new card.)");
            }
            // Every attempt is written, right or wrong, against the version read: of guesses sent at once only
            // one is answered, the rest are refused without saying whether they were right.
            var right = card.PinMatches(pin);
            card.FailedAttempts = right ? 0 : card.FailedAttempts + 1;
            card.LastTriedAt = clock.GetUtcNow();
            if (card.FailedAttempts >= PointCard.MaxFailedAttempts)
            {
                card.LockedAt = card.LastTriedAt;
            }
            session.Update(card);
            try
            {
                await session.SaveChangesAsync(ct);
            }
            catch (ConcurrencyException)
            {
                return Problems.Conflict("もう一度お試しください。(The card was used at the same moment: try again.)");
            }
            if (!right)
            {
                return Problems.Result(StatusCodes.Status403Forbidden, "Wrong PIN", card.LockedAt is not null
                    ? "暗証番号を続けて間違えたため、このカードは使えなくなりました。(Wrong PIN: the card is now locked.)"
                    : $"暗証番号が違います。あと{PointCard.MaxFailedAttempts - card.FailedAttempts}回間違えると使えなくなります。(Wrong PIN: {PointCard.MaxFailedAttempts - card.FailedAttempts} tries left.)");
            }
            return await paying.PayAsync(card.ResidentId, merchant, request.Points, request.IdempotencyKey!, ct);
        }
    }
}
