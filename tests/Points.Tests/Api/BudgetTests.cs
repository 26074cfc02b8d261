using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Marten;
using SharedServices.Points.Campaigns;
using SharedServices.Points.Wallets;
using SharedServices.Tenancy;
using static SharedServices.Testing.Responses;
using static SharedServices.Points.Tests.Api.PointsFixture;

namespace SharedServices.Points.Tests.Api;

/// <summary>A campaign's budget is never over-run, however many grants race for its last points.</summary>
[Collection(ServiceGroup.Name)]
public sealed class BudgetTests(PointsFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Five_hundred_concurrent_grants_racing_for_the_last_one_percent_grant_exactly_what_is_left_and_the_rest_are_told()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaignId = await OpenCampaignAsync(admin, Terms("予算競争テスト", budget: 100_000, perGrant: 100));
        var granting = fixture.Get<Granting>();
        using var town = CurrentTenant.Change(KaneyamaCode);

        // 99 % of the budget goes to 990 residents, 30 at a time.
        var first = Enumerable.Range(0, 990).Select(i => $"early-{campaignId}-{i}").ToArray();
        await Parallel.ForEachAsync(first, new ParallelOptions { MaxDegreeOfParallelism = 30, CancellationToken = Ct }, async (resident, ct) =>
            Assert.Equal(GrantResult.Granted, (await granting.GrantAsync(resident, campaignId, Triggers.Enrolment, ct)).Result));

        // Then 500 more all at once, for the last 1,000 points: ten grants' worth.
        var late = Enumerable.Range(0, 500).Select(i => $"late-{campaignId}-{i}").ToArray();
        var outcomes = await Task.WhenAll(late.Select(r => Task.Run(() => granting.GrantAsync(r, campaignId, Triggers.Enrolment, Ct), Ct)));

        Assert.Equal(10, outcomes.Count(o => o.Result == GrantResult.Granted));
        Assert.Equal(490, outcomes.Count(o => o.Result == GrantResult.BudgetExhausted));
        var (left, _) = await fixture.Get<Budget>().RemainingAsync(KaneyamaCode, campaignId, Ct);
        Assert.Equal(0, left);

        // Each refused resident's wallet says why; the exhaustion is recorded (and published) once.
        var refused = late.Where((_, i) => outcomes[i].Result == GrantResult.BudgetExhausted).First();
        await using var session = fixture.Get<IDocumentStore>().QuerySession(KaneyamaCode);
        var wallet = await session.LoadAsync<Wallet>(refused, Ct);
        Assert.Equal(Granting.ExhaustedReason, Assert.Single(wallet!.Refusals).Reason);
        Assert.NotNull((await session.LoadAsync<Campaign>(campaignId, Ct))!.BudgetExhaustedAt);
        var published = await session.Events.QueryAllRawEvents()
            .Where(e => e.EventTypeName == "campaign_budget_exhausted" && e.StreamKey == campaignId).CountAsync(Ct);
        Assert.Equal(1, published);

        var report = await fixture.AssertReconciledAsync(Kaneyama, fixture.KaneyamaStaffToken);
        var ledger = report.GetProperty("campaigns").EnumerateArray().Single(c => c.GetProperty("campaignId").GetString() == campaignId);
        Assert.Equal(100_000, ledger.GetProperty("entries").GetProperty("granted").GetInt64());
        Assert.Equal(0, ledger.GetProperty("accounts").GetProperty("budgetLeft").GetInt64());
    }

    [Fact]
    public async Task A_resident_told_the_budget_is_spent_sees_it_in_their_history_and_enrolment_says_so()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaignId = await OpenCampaignAsync(admin, Terms("先着1名", budget: 500, perGrant: 500));
        var (firstToken, _) = await fixture.NewResidentAsync();
        var (secondToken, _) = await fixture.NewResidentAsync();
        using var first = fixture.Client(Kaneyama, firstToken);
        using var second = fixture.Client(Kaneyama, secondToken);
        await Ok(await first.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Created);

        var problem = await AssertProblem(await second.PostAsync($"/campaigns/{campaignId}/enrolment", null, Ct), HttpStatusCode.Conflict);
        Assert.Contains("予算の上限", problem.GetProperty("detail").GetString());
        var history = await Json(await second.GetAsync("/wallet/history", Ct));
        var entry = Assert.Single(history.EnumerateArray());
        Assert.Equal("grantRefused", entry.GetProperty("kind").GetString());
        Assert.Equal("先着1名", entry.GetProperty("campaign").GetString());
        Assert.Equal(0, (await Json(await second.GetAsync("/wallet", Ct))).GetProperty("total").GetInt64());

        var campaign = await Json(await admin.GetAsync($"/console/campaigns/{campaignId}", Ct));
        Assert.Equal(JsonValueKind.String, campaign.GetProperty("budgetExhaustedAt").ValueKind);
        Assert.Equal(0, campaign.GetProperty("figures").GetProperty("budgetLeft").GetInt64());
    }

    [Fact]
    public async Task A_resident_receives_at_most_the_cap_however_many_triggers_grant()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaignId = await OpenCampaignAsync(admin, Terms("上限テスト", budget: 10_000, perGrant: 400, cap: 1_000, trigger: "applicationApproved", procedureKey: "cap-test"));
        using var town = CurrentTenant.Change(KaneyamaCode);
        var granting = fixture.Get<Granting>();
        var outcomes = new List<GrantOutcome>();
        for (var i = 0; i < 4; i++)
        {
            outcomes.Add(await granting.GrantAsync("cap-resident", campaignId, $"application:{i}", Ct));
        }
        Assert.Equal([400, 400, 200], outcomes.Take(3).Select(o => o.Points));
        Assert.Equal(GrantResult.Refused, outcomes[3].Result);
    }
}
