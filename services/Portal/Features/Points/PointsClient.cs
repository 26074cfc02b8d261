using System.Net.Http.Json;

namespace SharedServices.Portal.Features.Points;

/// <summary>
/// The points service's HTTP API (地域ポイント, <c>Services:Points</c>), called as every service's API is
/// (<see cref="ServiceApiClient"/>): residents' and staff's calls at the town of the request, merchants'
/// (who belong to no town) at the plain address.
/// </summary>
public sealed class PointsClient(HttpClient http, IHttpContextAccessor accessor, ILogger<PointsClient> logger)
    : ServiceApiClient(http, accessor, logger, "points")
{
    // Residents
    public Task<ApiResult<IReadOnlyList<OfferedCampaign>>> CampaignsAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<OfferedCampaign>>(HttpMethod.Get, "campaigns", null, ct);

    public Task<ApiResult<Grant>> EnrolAsync(string campaignId, CancellationToken ct) =>
        SendAsync<Grant>(HttpMethod.Post, $"campaigns/{Escape(campaignId)}/enrolment", null, ct);

    public Task<ApiResult<WalletView>> WalletAsync(CancellationToken ct) =>
        SendAsync<WalletView>(HttpMethod.Get, "wallet", null, ct);

    public Task<ApiResult<IReadOnlyList<HistoryEntry>>> HistoryAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<HistoryEntry>>(HttpMethod.Get, "wallet/history", null, ct);

    public Task<ApiResult<MerchantSummary>> MerchantAsync(string code, CancellationToken ct) =>
        SendAsync<MerchantSummary>(HttpMethod.Get, $"merchants/{Escape(code)}", null, ct);

    /// <summary>Pays once per <paramref name="idempotencyKey"/>: the same key again answers the first payment.</summary>
    public Task<ApiResult<PaymentView>> PayAsync(string? merchantCode, long points, string? idempotencyKey, CancellationToken ct) =>
        SendAsync<PaymentView>(HttpMethod.Post, "payments", JsonContent.Create(new { merchantCode, points, idempotencyKey }), ct);

    public Task<ApiResult<PaymentView>> PaymentAsync(string id, CancellationToken ct) =>
        SendAsync<PaymentView>(HttpMethod.Get, $"payments/{Escape(id)}", null, ct);

    // Town staff (ポイント事業の管理)
    public Task<ApiResult<IReadOnlyList<TownCampaign>>> TownCampaignsAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<TownCampaign>>(HttpMethod.Get, "console/campaigns", null, ct);

    public Task<ApiResult<CampaignState>> CreateCampaignAsync(CampaignTerms terms, CancellationToken ct) =>
        SendAsync<CampaignState>(HttpMethod.Post, "console/campaigns", JsonContent.Create(terms), ct);

    /// <summary>Opens, pauses (with a reason), resumes or closes a campaign: <c>opening</c>, <c>pause</c>, <c>resumption</c>, <c>closing</c>.</summary>
    public Task<ApiResult<CampaignState>> ChangeCampaignAsync(string id, string change, string? reason, CancellationToken ct) =>
        SendAsync<CampaignState>(HttpMethod.Post, $"console/campaigns/{Escape(id)}/{Escape(change)}",
            change == "pause" ? JsonContent.Create(new { reason }) : null, ct);

    /// <summary>Issues a printed card for a resident (by their id in the town): the letter to print and mail, a PDF.</summary>
    public async Task<ApiResult<byte[]>> IssueCardAsync(string? residentId, CancellationToken ct)
    {
        var sent = await SendAsync<HttpResponseMessage>(HttpMethod.Post, "console/cards", JsonContent.Create(new { residentId }), ct, streamed: true);
        if (sent.Problem is { } problem)
        {
            return problem;
        }
        using var response = sent.Value!;
        return await response.Content.ReadAsByteArrayAsync(ct);
    }

    /// <summary>Stops a card (lost, or the resident moved away).</summary>
    public Task<ApiResult<bool>> StopCardAsync(string number, CancellationToken ct) =>
        SendAsync<bool>(HttpMethod.Delete, $"console/cards/{Escape(number)}", null, ct);

    // Merchants (加盟店), prefecture-wide
    public Task<ApiResult<MerchantMe>> MerchantMeAsync(CancellationToken ct) =>
        SendAsync<MerchantMe>(HttpMethod.Get, "merchant", null, ct, town: false);

    public Task<ApiResult<IReadOnlyList<MerchantPayment>>> MerchantPaymentsAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<MerchantPayment>>(HttpMethod.Get, "merchant/payments", null, ct, town: false);

    public Task<ApiResult<RefundDone>> RefundAsync(string town, string paymentId, long points, string? idempotencyKey, CancellationToken ct) =>
        SendAsync<RefundDone>(HttpMethod.Post, $"merchant/towns/{Escape(town)}/payments/{Escape(paymentId)}/refunds",
            JsonContent.Create(new { points, idempotencyKey }), ct, town: false);

    // Campaign templates (施策テンプレート): the prefecture writes and offers them; a town makes its own campaign from one
    public Task<ApiResult<IReadOnlyList<CampaignTemplateView>>> CampaignTemplatesAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<CampaignTemplateView>>(HttpMethod.Get, "prefecture/campaign-templates", null, ct, town: false);

    public Task<ApiResult<CampaignTemplateView>> CreateCampaignTemplateAsync(CampaignTemplateTerms terms, CancellationToken ct) =>
        SendAsync<CampaignTemplateView>(HttpMethod.Post, "prefecture/campaign-templates", JsonContent.Create(terms), ct, town: false);

    public Task<ApiResult<IReadOnlyList<TemplateOffer>>> OfferCampaignTemplateAsync(string id, IReadOnlyList<string> towns, CancellationToken ct) =>
        SendAsync<IReadOnlyList<TemplateOffer>>(HttpMethod.Post, $"prefecture/campaign-templates/{Escape(id)}/offers", JsonContent.Create(new { towns }), ct, town: false);

    public Task<ApiResult<IReadOnlyList<OfferedTemplate>>> OfferedTemplatesAsync(CancellationToken ct) =>
        SendAsync<IReadOnlyList<OfferedTemplate>>(HttpMethod.Get, "console/campaign-templates", null, ct);

    public Task<ApiResult<CampaignState>> UseTemplateAsync(string id, long budget, DateTimeOffset start, CancellationToken ct) =>
        SendAsync<CampaignState>(HttpMethod.Post, $"console/campaign-templates/{Escape(id)}/campaigns", JsonContent.Create(new { budget, start }), ct);
}
