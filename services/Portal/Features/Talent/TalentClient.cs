using System.Net.Http.Json;
using SharedServices.Portal.Features.ServiceApi;

namespace SharedServices.Portal.Features.Talent;

/// <summary>
/// The talent service's HTTP API (デジタル人材シェアリング, <c>Services:Talent</c>), called as every service's
/// API is (<see cref="ServiceApiClient"/>): town staff's calls at the town of the request; the talent's
/// and the prefecture's (who belong to no town) at the plain address.
/// </summary>
public sealed class TalentClient(HttpClient http, IHttpContextAccessor accessor, ILogger<TalentClient> logger)
    : ServiceApiClient(http, accessor, logger, "talent")
{
    // The talent (人材本人)
    public Task<ApiResult<OwnProfile>> ProfileAsync(CancellationToken ct) =>
        SendAsync<OwnProfile>(HttpMethod.Get, "talent/profile", null, ct, town: false);

    public Task<ApiResult<OwnProfile>> SubmitProfileAsync(ProfileDetails details, CancellationToken ct) =>
        SendAsync<OwnProfile>(HttpMethod.Put, "talent/profile", JsonContent.Create(details), ct, town: false);

    public Task<ApiResult<IReadOnlyList<Offer>>> OffersAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<Offer>>(HttpMethod.Get, "talent/offers", null, ct, town: false);

    public Task<ApiResult<bool>> AcceptOfferAsync(string town, string needId, CancellationToken ct) =>
        SendAsync<bool>(HttpMethod.Post, $"talent/offers/{Escape(town)}/{Escape(needId)}/acceptance", null, ct, town: false);

    public Task<ApiResult<IReadOnlyList<MyAssignment>>> MyAssignmentsAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<MyAssignment>>(HttpMethod.Get, "talent/assignments", null, ct, town: false);

    /// <summary>Logs (or corrects, until the town approves it) a month's hours of an assignment.</summary>
    public Task<ApiResult<Timesheet>> LogHoursAsync(string town, string assignmentId, string month, decimal hours, int onSiteDays, CancellationToken ct) =>
        SendAsync<Timesheet>(HttpMethod.Put, $"talent/assignments/{Escape(town)}/{Escape(assignmentId)}/timesheets/{Escape(month)}",
            JsonContent.Create(new { hours, onSiteDays }), ct, town: false);

    // Town staff (the town of the request)
    public Task<ApiResult<IReadOnlyList<RegistryEntry>>> RegistryAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<RegistryEntry>>(HttpMethod.Get, "console/talent", null, ct);

    public Task<ApiResult<IReadOnlyList<NeedView>>> NeedsAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<NeedView>>(HttpMethod.Get, "console/needs", null, ct);

    public Task<ApiResult<NeedView>> NeedAsync(string id, CancellationToken ct) =>
        SendAsync<NeedView>(HttpMethod.Get, $"console/needs/{Escape(id)}", null, ct);

    public Task<ApiResult<Created>> PostNeedAsync(NeedTerms terms, CancellationToken ct) =>
        SendAsync<Created>(HttpMethod.Post, "console/needs", JsonContent.Create(terms), ct);

    public Task<ApiResult<IReadOnlyList<Match>>> MatchesAsync(string needId, CancellationToken ct) =>
        SendAsync<IReadOnlyList<Match>>(HttpMethod.Get, $"console/needs/{Escape(needId)}/matches", null, ct);

    /// <summary>The town's admin agrees to a proposed person (the person is asked next).</summary>
    public Task<ApiResult<NeedView>> AcceptProposalAsync(string needId, string talentId, CancellationToken ct) =>
        SendAsync<NeedView>(HttpMethod.Post, $"console/needs/{Escape(needId)}/proposals/{Escape(talentId)}/acceptance", null, ct);

    public Task<ApiResult<IReadOnlyList<Assignment>>> AssignmentsAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<Assignment>>(HttpMethod.Get, "console/assignments", null, ct);

    public Task<ApiResult<IReadOnlyList<Timesheet>>> TimesheetsAsync(string assignmentId, CancellationToken ct) =>
        SendAsync<IReadOnlyList<Timesheet>>(HttpMethod.Get, $"console/assignments/{Escape(assignmentId)}/timesheets", null, ct);

    /// <summary>The town's admin approves a month's hours (what the cost report counts).</summary>
    public Task<ApiResult<Timesheet>> ApproveHoursAsync(string assignmentId, string month, CancellationToken ct) =>
        SendAsync<Timesheet>(HttpMethod.Post, $"console/assignments/{Escape(assignmentId)}/timesheets/{Escape(month)}/approval", null, ct);

    public Task<ApiResult<TownCosts>> TownCostsAsync(string month, CancellationToken ct) =>
        SendAsync<TownCosts>(HttpMethod.Get, $"console/costs?month={Escape(month)}", null, ct);

    // The prefecture's operators
    public Task<ApiResult<IReadOnlyList<OwnProfile>>> AllProfilesAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<OwnProfile>>(HttpMethod.Get, "prefecture/talent", null, ct, town: false);

    public Task<ApiResult<OwnProfile>> ApproveProfileAsync(string id, CancellationToken ct) =>
        SendAsync<OwnProfile>(HttpMethod.Post, $"prefecture/talent/{Escape(id)}/approval", null, ct, town: false);

    public Task<ApiResult<IReadOnlyList<TownNeed>>> OpenNeedsAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<TownNeed>>(HttpMethod.Get, "prefecture/needs", null, ct, town: false);

    public Task<ApiResult<IReadOnlyList<Match>>> MatchesAsync(string town, string needId, CancellationToken ct) =>
        SendAsync<IReadOnlyList<Match>>(HttpMethod.Get, $"prefecture/needs/{Escape(town)}/{Escape(needId)}/matches", null, ct, town: false);

    public Task<ApiResult<PrefectureCosts>> PrefectureCostsAsync(string month, CancellationToken ct) =>
        SendAsync<PrefectureCosts>(HttpMethod.Get, $"prefecture/costs?month={Escape(month)}", null, ct, town: false);

    public Task<ApiResult<NeedView>> ProposeAsync(string town, string needId, string talentId, CancellationToken ct) =>
        SendAsync<NeedView>(HttpMethod.Post, $"prefecture/needs/{Escape(town)}/{Escape(needId)}/proposals", JsonContent.Create(new { talentId }), ct, town: false);
}
