using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Points.Features.Expiry;
using SharedServices.Points.Merchants;
using SharedServices.Points.Wallets;
using SharedServices.Tenancy;
using static SharedServices.Testing.Responses;
using static SharedServices.Points.Tests.Api.PointsFixture;

namespace SharedServices.Points.Tests.Api;

/// <summary>Payments: never more than the balance, never twice, never at a merchant the town does not accept.</summary>
[Collection(ServiceGroup.Name)]
public sealed class SpendingTests(PointsFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> ResidentWithPointsAsync(long points, string? category = null)
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaignId = await OpenCampaignAsync(admin, Terms($"利用テスト {Guid.NewGuid():N}", perGrant: points, categories: category is null ? null : [category]));
        var (token, _) = await fixture.NewResidentAsync();
        var resident = fixture.Client(Kaneyama, token);
        await Ok(await resident.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Created);
        return resident;
    }

    private static async Task<long> TotalAsync(HttpClient resident) =>
        (await Json(await resident.GetAsync("/wallet", Ct))).GetProperty("total").GetInt64();

    private Task<HttpResponseMessage> PayAsync(HttpClient resident, long points, string? key = null, string? merchantCode = null) =>
        resident.PostAsJsonAsync("/payments", new { merchantCode = merchantCode ?? fixture.Shop.Code, points, idempotencyKey = key ?? Guid.NewGuid().ToString("N") }, Ct);

    [Fact]
    public async Task Two_hundred_concurrent_spends_of_one_balance_never_drive_it_negative()
    {
        using var resident = await ResidentWithPointsAsync(1_000);
        var responses = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => PayAsync(resident, 10)));

        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.Created));
        Assert.Equal(100, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal(0, await TotalAsync(resident));
        await fixture.AssertReconciledAsync(Kaneyama, fixture.KaneyamaStaffToken);
    }

    [Fact]
    public async Task The_same_payment_sent_twenty_times_at_once_spends_once()
    {
        using var resident = await ResidentWithPointsAsync(1_000);
        var key = Guid.NewGuid().ToString("N");
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => PayAsync(resident, 250, key)));

        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK, r.StatusCode.ToString()));
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)).GetProperty("id").GetString()));
        Assert.Single(ids.Distinct());
        Assert.Equal(750, await TotalAsync(resident));
    }

    [Theory]
    [InlineData(0, "points")]
    [InlineData(-5, "points")]
    [InlineData(10_000_000, "points")]
    public async Task A_payment_of_a_bad_amount_is_refused_and_changes_nothing(long points, string field)
    {
        using var resident = await ResidentWithPointsAsync(500);
        await AssertProblem(await PayAsync(resident, points), HttpStatusCode.BadRequest, field);
        Assert.Equal(500, await TotalAsync(resident));
    }

    [Fact]
    public async Task Bad_payments_get_a_clear_problem_and_change_nothing()
    {
        using var resident = await ResidentWithPointsAsync(500);
        await AssertProblem(await PayAsync(resident, 10, key: "short"), HttpStatusCode.BadRequest, "idempotencyKey");
        await AssertProblem(await PayAsync(resident, 10, merchantCode: "1234"), HttpStatusCode.BadRequest, "merchantCode");
        await AssertProblem(await PayAsync(resident, 10, merchantCode: "<script>"), HttpStatusCode.BadRequest, "merchantCode");
        // A mistyped digit breaks the check digit.
        var mistyped = fixture.Shop.Code[..7] + (char)('0' + (fixture.Shop.Code[7] - '0' + 1) % 10);
        await AssertProblem(await PayAsync(resident, 10, merchantCode: mistyped), HttpStatusCode.BadRequest, "merchantCode");
        await AssertProblem(await resident.GetAsync($"/merchants/{mistyped}", Ct), HttpStatusCode.BadRequest, "code");
        // More than the balance.
        var short_ = await AssertProblem(await PayAsync(resident, 501), HttpStatusCode.Conflict);
        Assert.Contains("500", short_.GetProperty("detail").GetString());
        // Malformed JSON and a missing body.
        await AssertProblem(await resident.PostAsync("/payments", new StringContent("{\"points\": ", Encoding.UTF8, "application/json"), Ct), HttpStatusCode.BadRequest);
        await AssertProblem(await resident.PostAsync("/payments", new StringContent("{\"points\": \"many\"}", Encoding.UTF8, "application/json"), Ct), HttpStatusCode.BadRequest);
        Assert.Equal(500, await TotalAsync(resident));
        Assert.Single((await Json(await resident.GetAsync("/wallet/history", Ct))).EnumerateArray());
    }

    [Fact]
    public async Task A_merchant_the_town_does_not_accept_or_of_a_category_the_campaign_excludes_cannot_be_paid()
    {
        using var resident = await ResidentWithPointsAsync(500, category: "restaurant");
        // 大蔵カフェ is registered in the prefecture's registry but not accepted by 金山町.
        await AssertProblem(await resident.GetAsync($"/merchants/{fixture.Cafe.Code}", Ct), HttpStatusCode.NotFound);
        await AssertProblem(await PayAsync(resident, 10, merchantCode: fixture.Cafe.Code), HttpStatusCode.Forbidden);
        // 金山商店 is a grocery: these points are for restaurants only.
        await AssertProblem(await PayAsync(resident, 10), HttpStatusCode.Conflict);
        Assert.Equal(500, await TotalAsync(resident));
    }

    [Fact]
    public async Task A_paused_campaign_cannot_be_spent_or_enrolled_in_until_resumed()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaignId = await OpenCampaignAsync(admin, Terms("一時停止テスト", perGrant: 300));
        var (token, _) = await fixture.NewResidentAsync();
        using var resident = fixture.Client(Kaneyama, token);
        await Ok(await resident.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Created);

        await Ok(await admin.PostAsJsonAsync($"/console/campaigns/{campaignId}/pause", new { reason = "不正利用の調査" }, Ct));
        await AssertProblem(await PayAsync(resident, 100), HttpStatusCode.Conflict);
        var (other, _) = await fixture.NewResidentAsync();
        using var otherResident = fixture.Client(Kaneyama, other);
        await AssertProblem(await otherResident.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Conflict);

        await Ok(await admin.PostAsync($"/console/campaigns/{campaignId}/resumption", null, Ct));
        await Ok(await PayAsync(resident, 100), HttpStatusCode.Created);
        await Ok(await admin.PostAsync($"/console/campaigns/{campaignId}/closing", null, Ct));
        // Closed: no new grants, but what was granted stays spendable until it expires.
        await AssertProblem(await otherResident.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Conflict);
        await Ok(await PayAsync(resident, 100), HttpStatusCode.Created);
        Assert.Equal(100, await TotalAsync(resident));
    }

    [Fact]
    public async Task Points_past_their_expiry_cannot_be_spent_and_are_booked_as_lapsed()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaignId = await OpenCampaignAsync(admin, Terms("失効テスト", perGrant: 700, expiryDays: 1));
        var (token, residentId) = await fixture.NewResidentAsync();
        using var resident = fixture.Client(Kaneyama, token);
        await Ok(await resident.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Created);
        await Ok(await PayAsync(resident, 200), HttpStatusCode.Created);

        // Two days later (a clock of the test's): the points granted for one day are no longer spendable.
        var later = new MovedClock(TimeSpan.FromDays(2));
        var merchant = (await fixture.Get<MerchantDirectory>().ByIdAsync(fixture.Shop.Id, Ct))!;
        using (CurrentTenant.Change(KaneyamaCode))
        {
            var paying = ActivatorUtilities.CreateInstance<Paying>(fixture.Service.Services, later);
            var refused = await paying.PayAsync(residentId, merchant, 100, Guid.NewGuid().ToString("N"), Ct);
            Assert.Equal(StatusCodes.Status409Conflict, (refused as IStatusCodeHttpResult)?.StatusCode);
            var lapsing = ActivatorUtilities.CreateInstance<Lapsing>(fixture.Service.Services, later);
            Assert.True(await lapsing.RunTownAsync(Ct) >= 500);
            Assert.Equal(0, await lapsing.RunTownAsync(Ct));  // booked once
        }
        Assert.Equal(0, await TotalAsync(resident));
        var history = await Json(await resident.GetAsync("/wallet/history", Ct));
        var lapsed = history.EnumerateArray().First();
        Assert.Equal("lapsed", lapsed.GetProperty("kind").GetString());
        Assert.Equal(-500, lapsed.GetProperty("points").GetInt64());
        var report = await fixture.AssertReconciledAsync(Kaneyama, fixture.KaneyamaStaffToken);
        var ledger = report.GetProperty("campaigns").EnumerateArray().Single(c => c.GetProperty("campaignId").GetString() == campaignId);
        Assert.Equal(500, ledger.GetProperty("accounts").GetProperty("lapsed").GetInt64());
        Assert.Equal(0, ledger.GetProperty("accounts").GetProperty("residents").GetInt64());
        Assert.Equal(200, ledger.GetProperty("accounts").GetProperty("merchants").GetInt64());
    }

    [Fact]
    public async Task A_merchant_refunds_only_its_own_payments_within_the_window()
    {
        using var resident = await ResidentWithPointsAsync(1_000);
        var payment = await Json(await PayAsync(resident, 400), HttpStatusCode.Created);
        var paymentId = payment.GetProperty("id").GetString()!;

        using var cafe = fixture.Client(null, fixture.Merchant2Token);
        await AssertProblem(await cafe.PostAsJsonAsync($"/merchant/towns/{KaneyamaCode}/payments/{paymentId}/refunds", new { points = 100, idempotencyKey = Guid.NewGuid().ToString("N") }, Ct), HttpStatusCode.NotFound);
        using var shop = fixture.Client(null, fixture.MerchantToken);
        await AssertProblem(await shop.PostAsJsonAsync($"/merchant/towns/999999/payments/{paymentId}/refunds", new { points = 100, idempotencyKey = Guid.NewGuid().ToString("N") }, Ct), HttpStatusCode.NotFound);
        await AssertProblem(await shop.PostAsJsonAsync($"/merchant/towns/{KaneyamaCode}/payments/{paymentId}/refunds", new { points = 0, idempotencyKey = Guid.NewGuid().ToString("N") }, Ct), HttpStatusCode.BadRequest, "points");

        // Past the window (30 days here), the merchant can no longer refund.
        var later = ActivatorUtilities.CreateInstance<Paying>(fixture.Service.Services, new MovedClock(TimeSpan.FromDays(31)));
        var merchant = (await fixture.Get<MerchantDirectory>().ByIdAsync(fixture.Shop.Id, Ct))!;
        using (CurrentTenant.Change(KaneyamaCode))
        {
            var refused = await later.RefundAsync(paymentId, merchant, 100, Guid.NewGuid().ToString("N"), Ct);
            Assert.Equal(StatusCodes.Status409Conflict, (refused as IStatusCodeHttpResult)?.StatusCode);
        }
        Assert.Equal(600, await TotalAsync(resident));
        await Ok(await shop.PostAsJsonAsync($"/merchant/towns/{KaneyamaCode}/payments/{paymentId}/refunds", new { points = 400, idempotencyKey = Guid.NewGuid().ToString("N") }, Ct), HttpStatusCode.Created);
        Assert.Equal(1_000, await TotalAsync(resident));
        await AssertProblem(await shop.PostAsJsonAsync($"/merchant/towns/{KaneyamaCode}/payments/{paymentId}/refunds", new { points = 1, idempotencyKey = Guid.NewGuid().ToString("N") }, Ct), HttpStatusCode.BadRequest, "points");
    }

    private sealed class MovedClock(TimeSpan ahead) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + ahead;
    }
}
