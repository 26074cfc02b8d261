using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;
using static SharedServices.EApplication.Tests.Api.Steps;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// The KPIs from real submissions and decisions (they arrive through the service's own integration
/// events, so the tests wait for them): counts by channel, returns, decisions and processing times;
/// the date range; who may read them, a town's and all towns'.
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class KpiTests(EApplicationFixture fixture)
{
    public sealed record Figures(
        string Procedure, int Submitted, int Online, int Counter, double? OnlineShare, int Decided, int Approved, int Rejected,
        int Returned, double? ReturnedRate, double? MedianProcessingHours, double? P90ProcessingHours);

    public static async Task<Figures?> WaterServiceAsync(HttpClient staff, string query = "")
    {
        var kpis = await staff.GetFromJsonAsync<JsonElement>($"/console/kpis{query}");
        return kpis.GetProperty("procedures").Deserialize<Figures[]>(JsonSerializerOptions.Web)!.SingleOrDefault(f => f.Procedure == "water-service");
    }

    /// <summary>
    /// The figures once every earlier test's events are counted (the KPIs follow the integration events,
    /// so a moment after other tests they may still be catching up): as many submitted and decided today
    /// as the queue, the source of truth, shows.
    /// </summary>
    public static async Task<Figures> SettledAsync(HttpClient staff)
    {
        var today = Iso(TodayInJapan);
        var settled = await Eventually.Until(async () =>
            {
                var queue = (await staff.GetFromJsonAsync<JsonElement>($"/console/applications?procedure=water-service&from={today}&to={today}")).EnumerateArray().ToList();
                var decided = queue.Count(a => a.GetProperty("status").GetString() is "Approved" or "Rejected");
                return (Figures: await WaterServiceAsync(staff, $"?from={today}&to={today}"), Submitted: queue.Count, Decided: decided);
            },
            t => (t.Figures?.Submitted ?? 0) == t.Submitted && (t.Figures?.Decided ?? 0) == t.Decided,
            what: "the KPIs to count every application submitted today");
        return settled.Figures ?? new Figures("water-service", 0, 0, 0, null, 0, 0, 0, 0, null, null, null);
    }

    [Fact]
    public async Task Kpis_count_todays_submissions_by_channel_the_returned_and_the_decided_with_their_processing_times()
    {
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        var before = await SettledAsync(staff);

        var returnedThenApproved = await SubmitOnlineAsync(resident);
        var rejected = await SubmitOnlineAsync(resident);
        await SubmitAtCounterAsync(staff, "窓口 一郎");
        await DecideAsync(staff, returnedThenApproved, "return", "連絡先の電話番号をご確認ください。");
        await ResubmitAsync(resident, returnedThenApproved);
        await DecideAsync(staff, returnedThenApproved, "return", "もう一度ご確認ください。"); // twice returned: one returned application
        await ResubmitAsync(resident, returnedThenApproved);
        await DecideAsync(staff, returnedThenApproved, "approve");
        await DecideAsync(staff, rejected, "reject", "給水区域外です。");

        var after = await Eventually.Until(() => WaterServiceAsync(staff), f => f?.Submitted == before.Submitted + 3 && f.Decided == before.Decided + 2 && f.Returned == before.Returned + 1,
            what: "the KPIs of three submissions, a return and two decisions");
        Assert.Equal(before.Online + 2, after!.Online);
        Assert.Equal(before.Counter + 1, after.Counter);
        Assert.Equal(before.Approved + 1, after.Approved);
        Assert.Equal(before.Rejected + 1, after.Rejected);
        Assert.Equal(Math.Round((double)after.Online / after.Submitted, 4), after.OnlineShare);
        Assert.Equal(Math.Round((double)after.Returned / after.Submitted, 4), after.ReturnedRate);
        Assert.NotNull(after.MedianProcessingHours);
        Assert.True(after.P90ProcessingHours >= after.MedianProcessingHours);

        // The range is of Japan dates of submission, both ends included.
        var today = Iso(TodayInJapan);
        Assert.Equal(after, await WaterServiceAsync(staff, $"?from={today}&to={today}"));
        Assert.Null(await WaterServiceAsync(staff, $"?from={Iso(TodayInJapan.AddDays(1))}&to={Iso(TodayInJapan.AddDays(7))}"));
        Assert.Null(await WaterServiceAsync(staff, $"?from={Iso(TodayInJapan.AddDays(-30))}&to={Iso(TodayInJapan.AddDays(-1))}"));
        Assert.Null(await WaterServiceAsync(staff, "?procedure=bulky-waste"));
        var days = (await staff.GetFromJsonAsync<JsonElement>($"/console/kpis?procedure=water-service&from={today}&to={today}"))
            .GetProperty("procedures")[0].GetProperty("days");
        Assert.Equal(today, days[0].GetProperty("date").GetString());
        Assert.Equal(after.Submitted, days[0].GetProperty("submitted").GetInt32());
    }

    [Fact]
    public async Task Submissions_made_at_the_same_moment_are_all_counted()
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        var before = (await SettledAsync(staff)).Submitted;

        // Each message reads and writes the same day's figures: none may overwrite another's count.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            using var counter = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
            await SubmitAtCounterAsync(counter, $"同時 {i}");
        }));

        await Eventually.Until(() => WaterServiceAsync(staff), f => f?.Submitted == before + 8, what: "eight concurrent submissions counted",
            describe: f => $"{f?.Submitted - before} counted");
        await Task.Delay(1000);
        Assert.Equal(before + 8, (await WaterServiceAsync(staff))!.Submitted);
    }

    [Theory]
    [InlineData("?from=2026-13-01", "from")]
    [InlineData("?from=yesterday", "from")]
    [InlineData("?to=2026/04/01", "to")]
    [InlineData("?from=2026-04-02&to=2026-04-01", "from")]
    [InlineData("?from=2020-01-01&to=2026-01-01", "to")]
    public async Task Bad_dates_are_refused_naming_the_field(string query, string field)
    {
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);

        var response = await staff.GetAsync($"/console/kpis{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task A_towns_kpis_are_for_its_own_staff_only()
    {
        using var otherTownsStaff = fixture.Client(Kaneyama, fixture.OkuraStaffToken);
        using var resident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        using var anonymous = fixture.Client(Kaneyama, null);
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);

        Assert.Equal(HttpStatusCode.Forbidden, (await otherTownsStaff.GetAsync("/console/kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await resident.GetAsync("/console/kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/console/kpis")).StatusCode);
        await Ok(await admin.GetAsync("/console/kpis"));
    }

    [Fact]
    public async Task The_prefecture_sees_every_towns_kpis_and_town_staff_cannot()
    {
        using var kaneyamaResident = fixture.Client(Kaneyama, fixture.KaneyamaResidentToken);
        using var okuraStaff = fixture.Client(Okura, fixture.OkuraStaffToken);
        await SubmitOnlineAsync(kaneyamaResident);
        var atOkurasCounter = await SubmitAtCounterAsync(okuraStaff, "大蔵 ハナ");
        await DecideAsync(okuraStaff, atOkurasCounter, "approve");
        using var prefecture = fixture.Client("localhost", fixture.OperatorToken);

        var towns = await Eventually.Until(
            async () => (await prefecture.GetFromJsonAsync<JsonElement>("/prefecture/kpis")).GetProperty("towns"),
            t => t.EnumerateArray().Select(x => x.GetProperty("town").GetString()).Order().SequenceEqual(["063614", "063657"])
                && t.EnumerateArray().Single(x => x.GetProperty("town").GetString() == "063657").GetProperty("procedures")[0].GetProperty("decided").GetInt32() > 0,
            what: "金山町's and 大蔵村's KPIs at the prefecture", describe: t => t.GetRawText());
        var okura = towns.EnumerateArray().Single(t => t.GetProperty("town").GetString() == "063657").GetProperty("procedures")[0];
        Assert.Equal("water-service", okura.GetProperty("procedure").GetString());
        Assert.True(okura.GetProperty("counter").GetInt32() >= 1);
        Assert.DoesNotContain("大蔵 ハナ", towns.GetRawText()); // aggregates only

        using var kaneyamaStaff = fixture.Client("localhost", fixture.KaneyamaStaffToken);
        using var kaneyamaAdminAtHome = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await kaneyamaStaff.GetAsync("/prefecture/kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await kaneyamaAdminAtHome.GetAsync("/prefecture/kpis")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await prefecture.GetAsync("/prefecture/kpis?from=2026-02-30")).StatusCode);
    }
}
