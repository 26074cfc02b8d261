using System.Net;
using System.Net.Http.Json;
using static SharedServices.Testing.Responses;
using static SharedServices.Points.Tests.Api.PointsFixture;

namespace SharedServices.Points.Tests.Api;

[Collection(ServiceGroup.Name)]
public sealed class MerchantAcceptanceTests(PointsFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_town_that_stops_accepting_a_merchant_refuses_payments_there_at_once_though_payments_keep_the_merchant_a_few_seconds()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaignId = await OpenCampaignAsync(admin, Terms("かねやま加盟店ポイント", perGrant: 1_000));
        var shop = await RegisterMerchantAsync(admin, "金山青果店", $"greengrocer-{Guid.NewGuid():N}@merchant.example");
        var (token, _) = await fixture.NewResidentAsync();
        using var resident = fixture.Client(Kaneyama, token);
        await Json(await resident.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Created);

        // The first payment reads the merchant (and keeps it for the next payments).
        await Json(await resident.PostAsJsonAsync("/payments", new { merchantCode = shop.Code, points = 100, idempotencyKey = Guid.NewGuid().ToString("N") }, Ct), HttpStatusCode.Created);

        await Json(await admin.DeleteAsync($"/console/merchants/{shop.Code}/acceptance", Ct));
        await AssertProblem(await resident.PostAsJsonAsync("/payments", new { merchantCode = shop.Code, points = 100, idempotencyKey = Guid.NewGuid().ToString("N") }, Ct), HttpStatusCode.Forbidden);

        await Json(await admin.PutAsync($"/console/merchants/{shop.Code}/acceptance", null, Ct));
        await Json(await resident.PostAsJsonAsync("/payments", new { merchantCode = shop.Code, points = 100, idempotencyKey = Guid.NewGuid().ToString("N") }, Ct), HttpStatusCode.Created);
        Assert.Equal(800, (await Json(await resident.GetAsync("/wallet", Ct))).GetProperty("total").GetInt64());
        await fixture.AssertReconciledAsync(Kaneyama, fixture.KaneyamaStaffToken);
    }
}
