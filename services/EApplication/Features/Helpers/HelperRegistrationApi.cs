using Marten;
using Marten.Exceptions;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Helpers;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Helpers;

/// <summary>
/// A resident of the town asks to become a registered helper (支援者: 民生委員, 社会福祉協議会 …) who may
/// apply for residents that authorise them; staff approve (<see cref="HelpersConsoleApi"/>). One
/// request at a time per account: pending or registered, a second is a conflict.
/// </summary>
public static class HelperRegistrationApi
{
    public sealed record RegistrationRequest(string? Name = null, string? Organisation = null);

    public sealed record RegistrationView(
        string Id, string Name, string Organisation, string Status, string? Code,
        DateTimeOffset RequestedAt, DateTimeOffset? ApprovedAt, DateTimeOffset? RevokedAt);

    public static RegistrationView View(Helper h) =>
        new(h.Id, h.Name, h.Organisation, h.Status.ToString(), h.Code, h.RequestedAt, h.ApprovedAt, h.RevokedAt);

    public static IEndpointRouteBuilder MapHelperRegistrationApi(this IEndpointRouteBuilder app)
    {
        var residents = app.TownEndpoints("/helpers/registration").RequireAuthorization(AccessRules.Residents).WithTags("Helpers");
        residents.MapPost("/", RequestAsync);
        residents.MapGet("/", MineAsync);
        return app;
    }

    private static async Task<IResult> RequestAsync(RegistrationRequest request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var name = request.Name?.Trim() ?? "";
        var organisation = request.Organisation?.Trim() ?? "";
        var errors = new Dictionary<string, string[]>();
        if (name.Length is 0 or > Helper.MaxNameLength)
        {
            errors["name"] = [$"お名前（1〜{Helper.MaxNameLength}文字）(Your name, 1–{Helper.MaxNameLength} characters.)"];
        }
        if (organisation.Length is 0 or > Helper.MaxNameLength)
        {
            errors["organisation"] = [$"所属・立場（例: 民生委員）1〜{Helper.MaxNameLength}文字 (Your organisation or role, e.g. 民生委員, 1–{Helper.MaxNameLength} characters.)"];
        }
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }
        var me = Caller.Of(http);
        var earlier = await session.Query<Helper>().Where(h => h.AccountId == me.Id).ToListAsync(ct);
        if (earlier.FirstOrDefault(h => h.Status != HelperStatus.Revoked) is { } live)
        {
            return Problems.Conflict($"You already have a helper registration ({live.Status}).");
        }
        var id = Helper.StreamId(me.Id, earlier.Count + 1);
        var requested = new HelperRegistrationRequested(id, me.Id, name, organisation, clock.GetUtcNow());
        session.Events.StartStream<Helper>(id, requested);
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (ExistingStreamIdCollisionException)
        {
            return Problems.Conflict("You already have a helper registration (a request sent twice at once).");
        }
        var helper = new Helper();
        helper.Apply(requested);
        return TypedResults.Created("/helpers/registration", View(helper));
    }

    private static async Task<IResult> MineAsync(HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var me = Caller.Of(http).Id;
        return await session.Query<Helper>().Where(h => h.AccountId == me).OrderByDescending(h => h.RequestedAt).FirstOrDefaultAsync(ct) is { } helper
            ? TypedResults.Ok(View(helper))
            : Problems.NotFound("You have not asked to become a helper (支援者) in this town.");
    }
}
