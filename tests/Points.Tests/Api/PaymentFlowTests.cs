using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using static SharedServices.Testing.Responses;
using static SharedServices.Points.Tests.Api.PointsFixture;

namespace SharedServices.Points.Tests.Api;

[Collection(ServiceGroup.Name)]
public sealed class PaymentFlowTests(PointsFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_resident_enrols_pays_a_merchant_who_sees_it_and_refunds_part_and_the_ledger_reconciles()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaignId = await OpenCampaignAsync(admin, Terms("かねやま応援ポイント", perGrant: 1_000, expiryDays: 90));
        var (token, _) = await fixture.NewResidentAsync();
        using var resident = fixture.Client(Kaneyama, token);

        var campaigns = await Json(await resident.GetAsync("/campaigns", Ct));
        var offered = campaigns.EnumerateArray().Single(c => c.GetProperty("id").GetString() == campaignId);
        Assert.Equal(JsonValueKind.Null, offered.GetProperty("enrolmentRefusal").ValueKind);
        var grant = await Json(await resident.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Created);
        Assert.Equal(1_000, grant.GetProperty("points").GetInt64());
        // Enrolling again grants nothing more.
        var again = await Json(await resident.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct));
        Assert.Equal(grant.GetProperty("grantId").GetString(), again.GetProperty("grantId").GetString());

        var wallet = await Json(await resident.GetAsync("/wallet", Ct));
        Assert.Equal(1_000, wallet.GetProperty("total").GetInt64());
        var balance = wallet.GetProperty("balances").EnumerateArray().Single();
        var expiry = balance.GetProperty("expiries").EnumerateArray().Single();
        Assert.InRange(expiry.GetProperty("expiresAt").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddDays(89), DateTimeOffset.UtcNow.AddDays(91));

        var merchant = await Json(await resident.GetAsync($"/merchants/{fixture.Shop.Code}", Ct));
        Assert.Equal("金山商店", merchant.GetProperty("name").GetString());
        var key = Guid.NewGuid().ToString("N");
        var paid = await Json(await resident.PostAsJsonAsync("/payments", new { merchantCode = fixture.Shop.Code, points = 300, idempotencyKey = key }, Ct), HttpStatusCode.Created);
        var paymentId = paid.GetProperty("id").GetString()!;
        // The same request again (a retry after a lost answer) finds the payment and spends nothing more.
        var retried = await Json(await resident.PostAsJsonAsync("/payments", new { merchantCode = fixture.Shop.Code, points = 300, idempotencyKey = key }, Ct));
        Assert.Equal(paymentId, retried.GetProperty("id").GetString());
        // The same key for another payment is refused.
        await AssertProblem(await resident.PostAsJsonAsync("/payments", new { merchantCode = fixture.Shop.Code, points = 301, idempotencyKey = key }, Ct), HttpStatusCode.Conflict);
        Assert.Equal(700, (await Json(await resident.GetAsync("/wallet", Ct))).GetProperty("total").GetInt64());

        using var shop = fixture.Client(null, fixture.MerchantToken);
        var payments = await Json(await shop.GetAsync("/merchant/payments", Ct));
        var seen = payments.EnumerateArray().Single(p => p.GetProperty("payment").GetProperty("id").GetString() == paymentId);
        Assert.Equal(KaneyamaCode, seen.GetProperty("town").GetString());
        Assert.Equal(300, seen.GetProperty("payment").GetProperty("points").GetInt64());

        var refundKey = Guid.NewGuid().ToString("N");
        await Json(await shop.PostAsJsonAsync($"/merchant/towns/{KaneyamaCode}/payments/{paymentId}/refunds", new { points = 100, idempotencyKey = refundKey }, Ct), HttpStatusCode.Created);
        await Json(await shop.PostAsJsonAsync($"/merchant/towns/{KaneyamaCode}/payments/{paymentId}/refunds", new { points = 100, idempotencyKey = refundKey }, Ct));
        await AssertProblem(await shop.PostAsJsonAsync($"/merchant/towns/{KaneyamaCode}/payments/{paymentId}/refunds", new { points = 201, idempotencyKey = Guid.NewGuid().ToString("N") }, Ct), HttpStatusCode.BadRequest, "points");
        Assert.Equal(800, (await Json(await resident.GetAsync("/wallet", Ct))).GetProperty("total").GetInt64());

        var history = await Json(await resident.GetAsync("/wallet/history", Ct));
        Assert.Equal(["refunded", "paid", "granted"], history.EnumerateArray().Select(e => e.GetProperty("kind").GetString()!).ToArray());

        // What other services learn, through the outbox: amounts, campaign, merchant; the resident only by account id.
        var published = await fixture.Database.QueryAsAppAsync<string>(
            $"select type from public.mt_events where type like 'points_%' and data->>'CampaignId' = '{campaignId}' order by seq_id", KaneyamaCode);
        Assert.Equal(["points_granted", "points_spent", "points_refunded"], published);

        var report = await fixture.AssertReconciledAsync(Kaneyama, fixture.KaneyamaStaffToken);
        var ledger = report.GetProperty("campaigns").EnumerateArray().Single(c => c.GetProperty("campaignId").GetString() == campaignId);
        Assert.Equal(800, ledger.GetProperty("accounts").GetProperty("residents").GetInt64());
        Assert.Equal(200, ledger.GetProperty("accounts").GetProperty("merchants").GetInt64());
        Assert.Equal(99_000, ledger.GetProperty("accounts").GetProperty("budgetLeft").GetInt64());
    }

    [Fact]
    public async Task A_merchant_shows_a_qr_code_per_accepting_town_leading_to_that_towns_pay_page()
    {
        using var shop = fixture.Client(null, fixture.MerchantToken);
        var qr = await Ok(await shop.GetAsync($"/merchant/towns/{KaneyamaCode}/qr.svg", Ct));
        Assert.Equal("image/svg+xml", qr.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<svg", await qr.Content.ReadAsStringAsync(Ct));
        // 大蔵村 does not accept 金山商店; no such town at all.
        await AssertProblem(await shop.GetAsync($"/merchant/towns/{OkuraCode}/qr.svg", Ct), HttpStatusCode.NotFound);
        await AssertProblem(await shop.GetAsync("/merchant/towns/999999/qr.svg", Ct), HttpStatusCode.NotFound);
    }
}
