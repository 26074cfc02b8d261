using Marten;
using SharedServices.EApplication.Access;
using SharedServices.Web;

namespace SharedServices.EApplication.Helpers;

/// <summary>
/// What lets a helper act for a resident: their registration still approved and the resident's
/// authorisation to that registration still in force. Either ends → 403, whatever the helper does.
/// </summary>
public sealed record Mandate(Helper Helper, Authorisation Authorisation)
{
    public static Task<Helper?> RegisteredHelperAsync(IQuerySession session, Caller caller, CancellationToken ct) =>
        session.Query<Helper>().FirstOrDefaultAsync(h => h.AccountId == caller.Id && h.Status == HelperStatus.Registered, ct);

    public static IResult NotAHelper() => Problems.Result(StatusCodes.Status403Forbidden, "Not a registered helper",
        "支援者として登録されていません（または登録が取り消されました）。(You are not a registered helper of this town, or your registration was revoked.)");

    public static IResult Ended() => Problems.Result(StatusCodes.Status403Forbidden, "Authorisation ended",
        "この方からの委任は終了しています（期限切れまたは取消し）。(This resident's authorisation has ended: it expired or was revoked.)");

    /// <summary>The mandate to act under <paramref name="authorisationId"/>, or the problem why there is none.</summary>
    public static async Task<(Mandate? Mandate, IResult? Refusal)> FindAsync(
        IQuerySession session, Caller caller, string? authorisationId, DateTimeOffset now, CancellationToken ct)
    {
        if (await RegisteredHelperAsync(session, caller, ct) is not { } helper)
        {
            return (null, NotAHelper());
        }
        if (string.IsNullOrWhiteSpace(authorisationId)
            || await session.LoadAsync<Authorisation>(authorisationId, ct) is not { } authorisation
            || authorisation.HelperAccountId != caller.Id)
        {
            return (null, Problems.NotFound($"No resident has authorised you with '{authorisationId}'."));
        }
        // Given to an earlier registration of the same account that was revoked: it does not come back.
        return authorisation.HelperId == helper.Id && authorisation.IsActiveAt(now)
            ? (new Mandate(helper, authorisation), null)
            : (null, Ended());
    }
}
