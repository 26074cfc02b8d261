using Marten;
using Npgsql;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Features.Review;
using SharedServices.EApplication.Helpers;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Helpers;

/// <summary>
/// Town staff and the registered helpers (支援者): list them by status, approve a request (which gives
/// the helper their code, 支援者番号), revoke a registration or refuse a request (every authorisation to
/// it stops working at once).
/// </summary>
public static class HelpersConsoleApi
{
    public sealed record RevocationRequest(string? Reason = null);

    public static IEndpointRouteBuilder MapHelpersConsoleApi(this IEndpointRouteBuilder app)
    {
        var staff = app.TownEndpoints("/console/helpers").RequireAuthorization(AccessRules.Staff).WithTags("Helpers");
        staff.MapGet("/", ListAsync);
        staff.MapPost("/{id}/approval", ApproveAsync);
        staff.MapPost("/{id}/revocation", RevokeAsync);
        return app;
    }

    private static IResult NotFound(string id) => Problems.NotFound($"No helper registration '{id}' in this town.");

    private static async Task<IResult> ListAsync(string? status, IQuerySession session, CancellationToken ct)
    {
        var query = session.Query<Helper>().AsQueryable();
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<HelperStatus>(status, ignoreCase: true, out var wanted) || !Enum.IsDefined(wanted))
            {
                return Problems.Validation("status", "One of Pending, Registered, Revoked.");
            }
            query = query.Where(h => h.Status == wanted);
        }
        var helpers = await query.OrderBy(h => h.RequestedAt).Take(500).ToListAsync(ct);
        return TypedResults.Ok(helpers.Select(HelperRegistrationApi.View));
    }

    private static async Task<IResult> ApproveAsync(string id, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Helper>(id, ct);
        if (stream.Aggregate is not { } helper)
        {
            return NotFound(id);
        }
        if (helper.Status != HelperStatus.Pending)
        {
            return Problems.Conflict($"This registration is {helper.Status}: only a pending request can be approved.");
        }
        // A code not yet given in this town (revoked helpers keep theirs); the unique index is the net.
        var code = Helper.NewCode();
        while (await session.Query<Helper>().AnyAsync(h => h.Code == code, ct))
        {
            code = Helper.NewCode();
        }
        stream.AppendOne(new HelperApproved(code, Caller.Of(http).Id, clock.GetUtcNow()));
        try
        {
            await session.SaveChangesAsync(ct);
        }
        catch (Exception e) when (e.GetBaseException() is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return Problems.Conflict("Another helper was given the same code at this moment: approve again.");
        }
        return TypedResults.Ok(new { id, code });
    }

    private static async Task<IResult> RevokeAsync(string id, RevocationRequest request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        if (reason?.Length > ReviewApi.MaxReasonLength)
        {
            return Problems.Validation("reason", $"At most {ReviewApi.MaxReasonLength} characters.");
        }
        var stream = await session.Events.FetchForWriting<Helper>(id, ct);
        if (stream.Aggregate is not { } helper)
        {
            return NotFound(id);
        }
        if (helper.Status == HelperStatus.Revoked)
        {
            return Problems.Conflict("This registration is already revoked.");
        }
        stream.AppendOne(new HelperRevoked(string.IsNullOrEmpty(reason) ? null : reason, Caller.Of(http).Id, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
