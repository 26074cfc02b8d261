using System.Net;
using System.Net.Http.Json;
using System.Text;
using SharedServices.Points.Merchants;
using SharedServices.Points.Wallets;
using SharedServices.Tenancy;
using static SharedServices.Testing.Responses;
using static SharedServices.Points.Tests.Api.PointsFixture;

namespace SharedServices.Points.Tests.Api;

/// <summary>Settlements (精算): each payment and refund settled once, in the period it happened; a transfer CSV; paid.</summary>
[Collection(ServiceGroup.Name)]
public sealed class SettlementTests(PointsFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Consecutive_settlements_each_settle_what_happened_in_their_period_and_the_csv_and_payment_follow()
    {
        using var admin = fixture.Client(Okura, fixture.OkuraAdminToken);
        var merchant = await RegisterMerchantAsync(admin, "=大蔵\"そば\"処", $"soba-{Guid.NewGuid():N}@merchant.example", "restaurant");
        var campaignId = await OpenCampaignAsync(admin, Terms("精算テスト", perGrant: 5_000));
        var (token, _) = await fixture.NewResidentAsync(OkuraCode);
        using var resident = fixture.Client(Okura, token);
        await Ok(await resident.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Created);
        async Task<string> PayAsync(long points) => (await Json(await resident.PostAsJsonAsync("/payments",
            new { merchantCode = merchant.Code, points, idempotencyKey = Guid.NewGuid().ToString("N") }, Ct), HttpStatusCode.Created)).GetProperty("id").GetString()!;

        var firstPayment = await PayAsync(1_200);
        await PayAsync(800);
        var first = await Json(await admin.PostAsJsonAsync("/console/settlements", new { until = DateTimeOffset.UtcNow }, Ct), HttpStatusCode.Created);
        var line = first.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("merchantCode").GetString() == merchant.Code);
        Assert.Equal(2, line.GetProperty("payments").GetInt32());
        Assert.Equal(2_000, line.GetProperty("net").GetInt64());

        // Settled up to now: the same period again is refused; a future cut-off too.
        await AssertProblem(await admin.PostAsJsonAsync("/console/settlements", new { until = first.GetProperty("until").GetDateTimeOffset() }, Ct), HttpStatusCode.Conflict);
        await AssertProblem(await admin.PostAsJsonAsync("/console/settlements", new { until = DateTimeOffset.UtcNow.AddDays(1) }, Ct), HttpStatusCode.BadRequest, "until");

        // A refund of a settled payment, and a new payment, belong to the next period.
        await PayAsync(500);
        var soba = (await fixture.Get<MerchantDirectory>().ByIdAsync(merchant.Id, Ct))!;
        using (CurrentTenant.Change(OkuraCode))
        {
            var refund = await fixture.Get<Paying>().RefundAsync(firstPayment, soba, 200, Guid.NewGuid().ToString("N"), Ct);
            Assert.Equal(201, (refund as Microsoft.AspNetCore.Http.IStatusCodeHttpResult)?.StatusCode);
        }
        var id = first.GetProperty("id").GetString()!;
        var second = await Json(await admin.PostAsJsonAsync("/console/settlements", new { until = DateTimeOffset.UtcNow }, Ct), HttpStatusCode.Created);
        Assert.Equal(first.GetProperty("until").GetDateTimeOffset(), second.GetProperty("from").GetDateTimeOffset());
        var secondLine = second.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("merchantCode").GetString() == merchant.Code);
        Assert.Equal(1, secondLine.GetProperty("payments").GetInt32());
        Assert.Equal(500, secondLine.GetProperty("spent").GetInt64());
        Assert.Equal(200, secondLine.GetProperty("refunded").GetInt64());
        Assert.Equal(300, secondLine.GetProperty("net").GetInt64());

        var csv = await admin.GetAsync($"/console/settlements/{id}/transfers.csv", Ct);
        await Ok(csv);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
        var bytes = await csv.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var rows = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("金融機関コード,支店コード,預金種目,口座番号,受取人名,振込金額", rows[0]);
        var row = rows.Single(r => r.Contains(merchant.Code, StringComparison.Ordinal));
        // The name is quoted, its quotes doubled, and its leading '=' defused for spreadsheets.
        Assert.Equal($"0117,101,1,1234567,ｶﾈﾔﾏｼｮｳﾃﾝ,2000,{merchant.Code},\"'=大蔵\"\"そば\"\"処\",2,2000,0", row);

        await Ok(await fixture.Client(Okura, fixture.OkuraAdminToken).PostAsync($"/console/settlements/{id}/payment", null, Ct));
        await AssertProblem(await admin.PostAsync($"/console/settlements/{id}/payment", null, Ct), HttpStatusCode.Conflict);
        Assert.Equal("paid", (await Json(await admin.GetAsync($"/console/settlements/{id}", Ct))).GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_merchant_sees_its_settlements_from_every_town_that_accepts_it()
    {
        using var okura = fixture.Client(Okura, fixture.OkuraAdminToken);
        var campaignId = await OpenCampaignAsync(okura, Terms("カフェ精算", perGrant: 1_000));
        var (token, _) = await fixture.NewResidentAsync(OkuraCode);
        using var resident = fixture.Client(Okura, token);
        await Ok(await resident.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Created);
        await Ok(await resident.PostAsJsonAsync("/payments", new { merchantCode = fixture.Cafe.Code, points = 300, idempotencyKey = Guid.NewGuid().ToString("N") }, Ct), HttpStatusCode.Created);
        var settlement = await Json(await okura.PostAsJsonAsync("/console/settlements", new { until = DateTimeOffset.UtcNow }, Ct), HttpStatusCode.Created);

        using var cafe = fixture.Client(null, fixture.Merchant2Token);
        var seen = await Json(await cafe.GetAsync("/merchant/settlements", Ct));
        Assert.Contains(seen.EnumerateArray(), s => s.GetProperty("settlement").GetString() == settlement.GetProperty("id").GetString() && s.GetProperty("town").GetString() == OkuraCode);
        // 金山商店 is not in 大蔵村's settlement of the cafe's sales.
        using var shop = fixture.Client(null, fixture.MerchantToken);
        Assert.DoesNotContain((await Json(await shop.GetAsync("/merchant/settlements", Ct))).EnumerateArray(), s => s.GetProperty("town").GetString() == OkuraCode);
    }
}
