using Marten;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Helpers;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Helpers;

/// <summary>
/// A resident authorises a registered helper by the code the helper gave them (委任), until a day of
/// their choosing (a year at most, and a year when they name none); lists their authorisations and
/// takes one back. Their assurance level now is recorded with it: the helper applies at that level.
/// </summary>
public static class AuthorisationsApi
{
    /// <param name="Until">The last day (Japan time) the helper may act; a year from today when left out.</param>
    public sealed record AuthorisationRequest(string? HelperCode = null, DateOnly? Until = null);

    public sealed record AuthorisationView(
        string Id, string HelperName, string HelperOrganisation, string HelperCode, DateOnly Until, bool Active,
        DateTimeOffset GrantedAt, DateTimeOffset? RevokedAt);

    private static readonly TimeSpan Japan = TimeSpan.FromHours(9);

    public static IEndpointRouteBuilder MapAuthorisationsApi(this IEndpointRouteBuilder app)
    {
        var residents = app.TownEndpoints("/authorisations").RequireAuthorization(AccessRules.Residents).WithTags("Helpers");
        residents.MapPost("/", GrantAsync);
        residents.MapGet("/", MineAsync);
        residents.MapPost("/{id}/revocation", RevokeAsync);
        return app;
    }

    private static AuthorisationView View(Authorisation a, DateTimeOffset now) =>
        new(a.Id, a.HelperName, a.HelperOrganisation, a.HelperCode, DateOnly.FromDateTime(a.Until.ToOffset(Japan).DateTime).AddDays(-1),
            a.IsActiveAt(now), a.GrantedAt, a.RevokedAt);

    private static async Task<IResult> GrantAsync(AuthorisationRequest request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var today = DateOnly.FromDateTime(now.ToOffset(Japan).DateTime);
        var code = request.HelperCode?.Trim() ?? "";
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return Problems.Validation("helperCode", "支援者番号（6桁の数字）を入力してください。(The helper's code: six digits.)");
        }
        var until = request.Until ?? today.AddYears(1);
        if (until < today || until > today.AddYears(1))
        {
            return Problems.Validation("until", $"今日から1年以内の日付にしてください。(A day from today to {today.AddYears(1):yyyy-MM-dd}.)");
        }
        if (await session.Query<Helper>().FirstOrDefaultAsync(h => h.Code == code && h.Status == HelperStatus.Registered, ct) is not { } helper)
        {
            return Problems.Validation("helperCode", $"支援者番号 {code} の支援者は、この町に登録されていません。(No registered helper has the code {code} in this town.)");
        }
        var me = Caller.Of(http);
        if (helper.AccountId == me.Id)
        {
            return Problems.Validation("helperCode", "ご自身には委任できません。(You cannot authorise yourself.)");
        }
        if (await session.Query<Authorisation>().AnyAsync(a => a.ResidentId == me.Id && a.HelperId == helper.Id && a.RevokedAt == null && a.Until > now, ct))
        {
            return Problems.Conflict($"{helper.Name} is already authorised: revoke that authorisation first to change its end.");
        }
        var id = Guid.NewGuid().ToString("N");
        var granted = new AuthorisationGranted(id, me.Id, me.Name, me.Assurance, helper.Id, helper.AccountId, helper.Name, helper.Organisation, helper.Code!,
            new DateTimeOffset(until.AddDays(1).ToDateTime(TimeOnly.MinValue), Japan), now, me.Email);
        session.Events.StartStream<Authorisation>(id, granted);
        await session.SaveChangesAsync(ct);
        var authorisation = new Authorisation();
        authorisation.Apply(granted);
        return TypedResults.Created($"/authorisations/{id}", View(authorisation, now));
    }

    private static async Task<IResult> MineAsync(HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var me = Caller.Of(http).Id;
        var now = clock.GetUtcNow();
        var mine = await session.Query<Authorisation>().Where(a => a.ResidentId == me).OrderByDescending(a => a.GrantedAt).Take(200).ToListAsync(ct);
        return TypedResults.Ok(mine.Select(a => View(a, now)));
    }

    private static async Task<IResult> RevokeAsync(string id, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var me = Caller.Of(http).Id;
        var stream = await session.Events.FetchForWriting<Authorisation>(id, ct);
        if (stream.Aggregate is not { } authorisation || authorisation.ResidentId != me)
        {
            return Problems.NotFound($"You have no authorisation '{id}' in this town.");
        }
        if (authorisation.RevokedAt is not null)
        {
            return Problems.Conflict("This authorisation is already revoked.");
        }
        stream.AppendOne(new AuthorisationRevoked(me, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
