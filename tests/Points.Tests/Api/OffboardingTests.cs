using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using SharedServices.Contracts.Tenancy;
using SharedServices.Identity.Accounts;
using SharedServices.Tenancy;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;
using static SharedServices.Points.Tests.Api.PointsFixture;

namespace SharedServices.Points.Tests.Api;

/// <summary>
/// An offboarded town takes its data away and, once its retention period is over (here: at once), every
/// service deletes it: the points service exports all it holds of the town (events, documents, its own
/// budget table) to the prefecture's operators, deletes all of it when asked, and tells the onboarding
/// service, which records it. Other towns' data stays; a live town's data is never deleted.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class OffboardingTests(PointsFixture fixture)
{
    private const string Shonai = PointsFixture.ShonaiCode; // in a database of its own (PointsFixture)

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<List<JsonElement>> ExportAsync(string town)
    {
        using var op = fixture.Client(null, fixture.OperatorToken);
        var response = await Ok(await op.GetAsync($"/operator/towns/{town}/export", Ct));
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);
        return [.. text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement.Clone())];
    }

    [Fact]
    public async Task An_offboarded_towns_data_is_exported_then_deleted_everywhere_when_its_retention_is_over_and_no_other_towns()
    {
        using var onboarding = fixture.OnboardingOperator();
        await Ok(await onboarding.PostAsJsonAsync("/operator/municipalities", new { code = Shonai, slug = "shonai", nameEn = "Shonai Town", enabledServices = new[] { "points" } }, Ct), HttpStatusCode.Created);
        const string login = "admin@shonai.example";
        await fixture.Identity.OpenAccountAsync(login, AccountKind.TownAdmin, Shonai, "庄内町 管理者", Password);
        using var shonai = fixture.Client("shonai.localhost", await fixture.Identity.SignIn(login, Password, new TotpAuthenticator()));
        await Eventually.Until(() => shonai.GetAsync("/console/campaigns", Ct), r => r.IsSuccessStatusCode, what: "庄内町 in the points registry");
        var campaign = (await Json(await shonai.PostAsJsonAsync("/console/campaigns", Terms("庄内町 応援ポイント"), Ct), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var kaneyamaCampaign = (await Json(await kaneyama.PostAsJsonAsync("/console/campaigns", Terms("金山町 残るポイント"), Ct), HttpStatusCode.Created)).GetProperty("id").GetString()!;

        // The export: every row of 庄内町 (its campaign's events and document, its budget allotments), none of another town.
        var exported = await ExportAsync(Shonai);
        Assert.Contains(exported, l => l.GetProperty("table").GetString() == "mt_doc_campaign" && l.GetProperty("row").GetProperty("id").GetString() == campaign);
        Assert.Contains(exported, l => l.GetProperty("table").GetString() == "mt_events" && l.GetProperty("row").GetProperty("stream_id").GetString() == campaign);
        Assert.Equal(16, exported.Count(l => l.GetProperty("table").GetString() == "pt_budget_allotments"));
        Assert.All(exported, l => Assert.Equal(Shonai, l.GetProperty("row").GetProperty("tenant_id").GetString()));
        // Read from 庄内町's own database: the shared one holds nothing of it.
        Assert.Equal([campaign], await fixture.ShonaiDatabase.QueryAsAppAsync<string>("select id from public.mt_doc_campaign", Shonai));
        Assert.Equal(16, (await fixture.ShonaiDatabase.QueryAsAppAsync<string>("select campaign_id from public.pt_budget_allotments", Shonai)).Count);
        Assert.Empty(await fixture.Database.QueryAsAppAsync<string>("select id from public.mt_doc_campaign", Shonai));
        Assert.Empty(await fixture.Database.QueryAsAppAsync<string>($"select campaign_id from public.pt_budget_allotments where tenant_id = '{Shonai}'"));

        // Offboarded: its retention (0 days here) is over at once; the points service deletes and says so.
        await Ok(await onboarding.PostAsync($"/operator/municipalities/{Shonai}/offboarding", null, Ct));
        var status = await Eventually.Until(async () => await Json(await onboarding.GetAsync($"/operator/municipalities/{Shonai}/offboarding", Ct)),
            s => s.GetProperty("deletedBy").TryGetProperty("points", out _), TimeSpan.FromSeconds(30), "the points service's deletion", s => s.ToString());
        Assert.Equal(exported.Count, status.GetProperty("deletedBy").GetProperty("points").GetProperty("rows").GetInt64());
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("deletionAskedAt").ValueKind);
        Assert.Empty(await ExportAsync(Shonai));
        Assert.Empty(await fixture.ShonaiDatabase.QueryAsAppAsync<string>("select tenant_id from public.mt_events", Shonai));
        await Ok(await kaneyama.GetAsync($"/console/campaigns/{kaneyamaCampaign}", Ct)); // 金山町's stays
    }

    [Fact]
    public async Task A_deletion_asked_for_a_live_town_deletes_nothing()
    {
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaign = (await Json(await kaneyama.PostAsJsonAsync("/console/campaigns", Terms("金山町 消えないポイント"), Ct), HttpStatusCode.Created)).GetProperty("id").GetString()!;
        using (CurrentTenant.Change(TestEnvironment.PrefectureCode))
        {
            await fixture.Get<IBus>().Publish(new TenantDataDeletionDue(KaneyamaCode, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow), Ct);
        }
        await Task.Delay(2_000, Ct);
        await Ok(await kaneyama.GetAsync($"/console/campaigns/{campaign}", Ct));
        Assert.NotEmpty(await ExportAsync(KaneyamaCode));
    }

    [Fact]
    public async Task Only_the_prefectures_operators_export_a_towns_data()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        await AssertProblem(await admin.GetAsync($"/operator/towns/{KaneyamaCode}/export", Ct), HttpStatusCode.Forbidden);
        using var anonymous = fixture.Client(null, null);
        await AssertProblem(await anonymous.GetAsync($"/operator/towns/{KaneyamaCode}/export", Ct), HttpStatusCode.Unauthorized);
        using var op = fixture.Client(null, fixture.OperatorToken);
        await AssertProblem(await op.GetAsync("/operator/towns/062031/export", Ct), HttpStatusCode.NotFound);
    }
}
