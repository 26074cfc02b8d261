using System.Net;
using System.Net.Http.Json;
using static SharedServices.Testing.Responses;
using static SharedServices.Points.Tests.Api.PointsFixture;

namespace SharedServices.Points.Tests.Api;

/// <summary>
/// A town's campaigns, wallets, ledger and settlements are its own: every endpoint tried with another
/// town's token, address or ids, with the wrong role, and anonymously.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class IsolationTests(PointsFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record Attempt(string Who, string? Host, string Method, string Path, HttpStatusCode Expected, object? Body = null);

    [Fact]
    public async Task Every_cross_town_wrong_role_or_anonymous_attempt_is_refused()
    {
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaignId = await OpenCampaignAsync(kaneyama, Terms("金山町の事業", perGrant: 1_000));
        var (token, _) = await fixture.NewResidentAsync();
        using var resident = fixture.Client(Kaneyama, token);
        await Ok(await resident.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Created);
        var payment = await Json(await resident.PostAsJsonAsync("/payments", new { merchantCode = fixture.Shop.Code, points = 100, idempotencyKey = Guid.NewGuid().ToString("N") }, Ct), HttpStatusCode.Created);
        var paymentId = payment.GetProperty("id").GetString()!;
        // Settlements are numbered per town: take one of 金山町's whose number 大蔵村 has not used itself
        // (other tests settle 大蔵村 too), so that 大蔵村's 404 means it cannot reach 金山町's.
        using var okuraAdmin = fixture.Client(Okura, fixture.OkuraAdminToken);
        var okuraOwn = (await Json(await okuraAdmin.GetAsync("/console/settlements", Ct))).EnumerateArray().Select(s => s.GetProperty("id").GetString()).ToHashSet();
        string settlementId;
        do
        {
            await Task.Delay(5, Ct);
            var settlement = await Json(await kaneyama.PostAsJsonAsync("/console/settlements", new { until = DateTimeOffset.UtcNow }, Ct), HttpStatusCode.Created);
            settlementId = settlement.GetProperty("id").GetString()!;
        }
        while (okuraOwn.Contains(settlementId));

        var tokens = new Dictionary<string, string?>
        {
            ["okuraAdmin"] = fixture.OkuraAdminToken, ["okuraResident"] = fixture.OkuraResidentToken, ["kaneyamaResident2"] = fixture.KaneyamaResident2Token,
            ["kaneyamaStaff"] = fixture.KaneyamaStaffToken, ["kaneyamaResident"] = token, ["merchant"] = fixture.MerchantToken,
            ["operator"] = fixture.OperatorToken, ["anonymous"] = null,
        };
        var pause = new { reason = "x" };
        Attempt[] attempts =
        [
            // Town B's staff at town B's address, with town A's ids: not found.
            new("okuraAdmin", Okura, "GET", $"/console/campaigns/{campaignId}", HttpStatusCode.NotFound),
            new("okuraAdmin", Okura, "GET", $"/console/campaigns/{campaignId}/preview", HttpStatusCode.NotFound),
            new("okuraAdmin", Okura, "POST", $"/console/campaigns/{campaignId}/pause", HttpStatusCode.NotFound, pause),
            new("okuraAdmin", Okura, "POST", $"/console/campaigns/{campaignId}/closing", HttpStatusCode.NotFound),
            new("okuraAdmin", Okura, "POST", $"/console/campaigns/{campaignId}/grants", HttpStatusCode.NotFound),
            new("okuraAdmin", Okura, "GET", $"/console/settlements/{settlementId}", HttpStatusCode.NotFound),
            new("okuraAdmin", Okura, "GET", $"/console/settlements/{settlementId}/transfers.csv", HttpStatusCode.NotFound),
            new("okuraAdmin", Okura, "POST", $"/console/settlements/{settlementId}/payment", HttpStatusCode.NotFound),
            new("okuraResident", Okura, "POST", $"/campaigns/{campaignId}/enrolment", HttpStatusCode.NotFound),
            new("okuraResident", Okura, "GET", $"/payments/{paymentId}", HttpStatusCode.NotFound),
            // 大蔵村 does not accept 金山商店.
            new("okuraResident", Okura, "GET", $"/merchants/{fixture.Shop.Code}", HttpStatusCode.NotFound),
            // Town B's token at town A's address: refused before any endpoint.
            new("okuraAdmin", Kaneyama, "GET", "/console/campaigns", HttpStatusCode.Forbidden),
            new("okuraAdmin", Kaneyama, "GET", $"/console/campaigns/{campaignId}", HttpStatusCode.Forbidden),
            new("okuraAdmin", Kaneyama, "GET", "/console/ledger/reconciliation", HttpStatusCode.Forbidden),
            new("okuraAdmin", Kaneyama, "GET", "/console/settlements", HttpStatusCode.Forbidden),
            new("okuraResident", Kaneyama, "GET", "/wallet", HttpStatusCode.Forbidden),
            new("okuraResident", Kaneyama, "POST", "/payments", HttpStatusCode.Forbidden, new { merchantCode = fixture.Shop.Code, points = 1, idempotencyKey = "abcdefgh1" }),
            // Another resident of the same town.
            new("kaneyamaResident2", Kaneyama, "GET", $"/payments/{paymentId}", HttpStatusCode.NotFound),
            // Wrong roles.
            new("kaneyamaResident", Kaneyama, "GET", "/console/campaigns", HttpStatusCode.Forbidden),
            new("kaneyamaResident", Kaneyama, "GET", "/console/ledger/reconciliation", HttpStatusCode.Forbidden),
            new("kaneyamaResident", Kaneyama, "POST", "/console/merchants", HttpStatusCode.Forbidden, new { }),
            new("kaneyamaResident", null, "GET", "/merchant/payments", HttpStatusCode.Forbidden),
            new("kaneyamaStaff", Kaneyama, "POST", $"/console/campaigns/{campaignId}/closing", HttpStatusCode.Forbidden),
            new("kaneyamaStaff", Kaneyama, "POST", "/console/settlements", HttpStatusCode.Forbidden, new { }),
            new("kaneyamaStaff", Kaneyama, "GET", "/wallet", HttpStatusCode.Forbidden),
            new("merchant", Kaneyama, "GET", "/wallet", HttpStatusCode.Forbidden),
            new("merchant", Kaneyama, "GET", "/console/campaigns", HttpStatusCode.Forbidden),
            new("merchant", null, "GET", "/prefecture/merchants", HttpStatusCode.Forbidden),
            new("operator", Kaneyama, "GET", "/console/campaigns", HttpStatusCode.Forbidden),
            new("operator", null, "GET", "/merchant/payments", HttpStatusCode.Forbidden),
            // A town without points.
            new("kaneyamaResident", Oguni, "GET", "/campaigns", HttpStatusCode.Forbidden),
            // Nobody signed in.
            new("anonymous", Kaneyama, "GET", "/wallet", HttpStatusCode.Unauthorized),
            new("anonymous", Kaneyama, "GET", "/console/campaigns", HttpStatusCode.Unauthorized),
            new("anonymous", null, "GET", "/merchant/payments", HttpStatusCode.Unauthorized),
            new("anonymous", null, "GET", "/prefecture/merchants", HttpStatusCode.Unauthorized),
        ];

        var failures = new List<string>();
        foreach (var a in attempts)
        {
            using var client = fixture.Client(a.Host, tokens[a.Who]);
            using var request = new HttpRequestMessage(new HttpMethod(a.Method), a.Path);
            if (a.Body is not null)
            {
                request.Content = JsonContent.Create(a.Body);
            }
            using var response = await client.SendAsync(request, Ct);
            if (response.StatusCode != a.Expected)
            {
                failures.Add($"{a.Who} {a.Method} {a.Host}{a.Path}: {(int)response.StatusCode}, expected {(int)a.Expected}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));

        // Town B's lists and ledger show none of town A's campaigns or settlements; nothing above changed A's campaign.
        using var okura = fixture.Client(Okura, fixture.OkuraAdminToken);
        Assert.DoesNotContain((await Json(await okura.GetAsync("/console/campaigns", Ct))).EnumerateArray(), c => c.GetProperty("id").GetString() == campaignId);
        var okuraLedger = await Json(await okura.GetAsync("/console/ledger/reconciliation", Ct));
        Assert.DoesNotContain(okuraLedger.GetProperty("campaigns").EnumerateArray(), c => c.GetProperty("campaignId").GetString() == campaignId);
        Assert.DoesNotContain((await Json(await okura.GetAsync("/console/settlements", Ct))).EnumerateArray(),
            s => s.GetProperty("lines").EnumerateArray().Any(l => l.GetProperty("merchantId").GetString() == fixture.Shop.Id));
        Assert.Equal("Open", (await Json(await kaneyama.GetAsync($"/console/campaigns/{campaignId}", Ct))).GetProperty("status").GetString());
        Assert.Equal(900, (await Json(await resident.GetAsync("/wallet", Ct))).GetProperty("total").GetInt64());
    }
}
