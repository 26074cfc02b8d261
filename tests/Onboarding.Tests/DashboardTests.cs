using System.Net;
using System.Text;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Contracts.EApplication;
using SharedServices.Contracts.Points;
using SharedServices.Contracts.Talent;
using SharedServices.Tenancy;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;

namespace SharedServices.Onboarding.Tests;

/// <summary>
/// The prefecture's DX dashboard, built from the services' integration events as they arrive on the
/// bus (published here as the services publish them: in the town's tenant, each under its event id),
/// including repeats and events out of order. Only the onboarding service runs: the dashboard never
/// asks the others.
/// </summary>
public sealed class DashboardTests(OnboardingFixture fixture) : IClassFixture<OnboardingFixture>
{
    private const string Kaneyama = "063614";
    private const string Okura = "063657";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static DateTimeOffset Jst(string text) => DateTimeOffset.Parse(text + "+09:00", System.Globalization.CultureInfo.InvariantCulture);

    private async Task PublishAsync(string town, object message, Guid? messageId = null)
    {
        using var tenant = CurrentTenant.Change(town);
        await fixture.Onboarding.Services.GetRequiredService<IBus>().Publish(message, message.GetType(),
            context => context.MessageId = messageId ?? Guid.NewGuid(), Ct);
    }

    private async Task OnboardTownsAsync()
    {
        await Ok(await fixture.Operator.Onboard(Kaneyama, "kaneyama", "Kaneyama Town", "e-application", "points", "talent"), HttpStatusCode.Created);
        await Ok(await fixture.Operator.Onboard(Okura, "okura", "Okura Village", "e-application", "talent"), HttpStatusCode.Created);
    }

    private async Task PublishOctoberAsync()
    {
        // 金山町: app-1 online, returned, corrected and approved four days after its first submission.
        await PublishAsync(Kaneyama, new ApplicationSubmitted(Kaneyama, "app-1", "child-allowance", 1, "063614-2026-000001", ApplicationChannels.Online, Jst("2026-10-01T09:00")));
        await PublishAsync(Kaneyama, new ApplicationReturned(Kaneyama, "app-1", "child-allowance", "063614-2026-000001", Jst("2026-10-01T09:00"), Jst("2026-10-02T09:00")));
        await PublishAsync(Kaneyama, new ApplicationSubmitted(Kaneyama, "app-1", "child-allowance", 1, "063614-2026-000001", ApplicationChannels.Online, Jst("2026-10-03T09:00")));
        var approval = new ApplicationApproved(Kaneyama, "app-1", "child-allowance", "063614-2026-000001", Jst("2026-10-03T09:00"), Jst("2026-10-05T09:00"), "resident-sub");
        await PublishAsync(Kaneyama, approval);
        await PublishAsync(Kaneyama, approval); // the outbox publishing it again after a crash
        // app-2 at the counter (窓口代行), decided in two days; delivered twice under one id.
        var counter = Guid.NewGuid();
        await PublishAsync(Kaneyama, new ApplicationSubmitted(Kaneyama, "app-2", "child-allowance", 1, "063614-2026-000002", ApplicationChannels.Counter, Jst("2026-10-10T09:00")), counter);
        await PublishAsync(Kaneyama, new ApplicationSubmitted(Kaneyama, "app-2", "child-allowance", 1, "063614-2026-000002", ApplicationChannels.Counter, Jst("2026-10-10T09:00")), counter);
        await PublishAsync(Kaneyama, new ApplicationApproved(Kaneyama, "app-2", "child-allowance", "063614-2026-000002", Jst("2026-10-10T09:00"), Jst("2026-10-12T09:00")));
        // app-3: its rejection arrives before its submission.
        await PublishAsync(Kaneyama, new ApplicationRejected(Kaneyama, "app-3", "dog-registration", "063614-2026-000003", Jst("2026-10-20T09:00"), Jst("2026-10-21T09:00")));
        await PublishAsync(Kaneyama, new ApplicationSubmitted(Kaneyama, "app-3", "dog-registration", 2, "063614-2026-000003", ApplicationChannels.Online, Jst("2026-10-20T09:00")));
        // app-4: submitted in September (Japan time), decided in October.
        await PublishAsync(Kaneyama, new ApplicationSubmitted(Kaneyama, "app-4", "child-allowance", 1, "063614-2026-000004", ApplicationChannels.Online, Jst("2026-09-30T23:00")));
        await PublishAsync(Kaneyama, new ApplicationApproved(Kaneyama, "app-4", "child-allowance", "063614-2026-000004", Jst("2026-09-30T23:00"), Jst("2026-10-02T23:00")));
        // 大蔵村: one online application, not yet decided.
        await PublishAsync(Okura, new ApplicationSubmitted(Okura, "app-5", "child-allowance", 1, "063657-2026-000001", ApplicationChannels.Online, Jst("2026-10-15T09:00")));

        // Points in 金山町: two grants (one delivered twice), a payment and a refund, a lapse, the budget spent.
        var grant = Guid.NewGuid();
        await PublishAsync(Kaneyama, new PointsGranted(Kaneyama, "c-1", "g-1", "resident-1", 3_000, "enrolment", Jst("2027-03-31T23:59"), Jst("2026-10-01T10:00")), grant);
        await PublishAsync(Kaneyama, new PointsGranted(Kaneyama, "c-1", "g-1", "resident-1", 3_000, "enrolment", Jst("2027-03-31T23:59"), Jst("2026-10-01T10:00")), grant);
        await PublishAsync(Kaneyama, new PointsGranted(Kaneyama, "c-1", "g-2", "resident-2", 2_000, "enrolment", Jst("2027-03-31T23:59"), Jst("2026-10-02T10:00")));
        await PublishAsync(Kaneyama, new PointsSpent(Kaneyama, "c-1", "pay-1", "m-1", 1_200, Jst("2026-10-05T12:00")));
        await PublishAsync(Kaneyama, new PointsRefunded(Kaneyama, "c-1", "pay-1", "ref-1", "m-1", 200, Jst("2026-10-06T12:00")));
        await PublishAsync(Kaneyama, new PointsExpired(Kaneyama, "c-1", "resident-2", 500, Jst("2026-10-31T23:59")));
        await PublishAsync(Kaneyama, new CampaignBudgetExhausted(Kaneyama, "c-1", 5_000, Jst("2026-10-03T10:00")));
        // Half past midnight on 1 November in Japan (still 31 October in UTC): November's.
        await PublishAsync(Kaneyama, new PointsSpent(Kaneyama, "c-1", "pay-2", "m-1", 999, Jst("2026-11-01T00:30")));

        // Talent: an assignment running in October with 18 approved hours; another ended in September;
        // 大蔵村's hours approved before the events carried a net cost.
        await PublishAsync(Kaneyama, new TalentAssigned(Kaneyama, "a-1", "n-1", "t-1", 20, "2026-09", "2026-12", 8_000, Jst("2026-08-20T10:00")));
        await PublishAsync(Kaneyama, new HoursApproved(Kaneyama, "a-1", "t-1", "2026-10", 18, 2, 144_000, Jst("2026-11-02T10:00"), 72_000));
        await PublishAsync(Kaneyama, new AssignmentEnded(Kaneyama, "a-2", "t-2", "2026-09", Jst("2026-09-15T10:00")));
        await PublishAsync(Kaneyama, new TalentAssigned(Kaneyama, "a-2", "n-2", "t-2", 10, "2026-08", "2026-12", 6_000, Jst("2026-07-20T10:00")));
        await PublishAsync(Okura, new TalentAssigned(Okura, "a-3", "n-3", "t-1", 10, "2026-10", "2027-03", 8_000, Jst("2026-09-20T10:00")));
        await PublishAsync(Okura, new HoursApproved(Okura, "a-3", "t-1", "2026-10", 10, 0, 80_000, Jst("2026-11-02T10:00")));
    }

    private async Task<JsonElement> OctoberWhenAllArrivedAsync() =>
        await Eventually.Until(async () => JsonDocument.Parse(await (await Ok(await fixture.Operator.GetAsync("/operator/dashboard?month=2026-10", Ct))).Content.ReadAsStringAsync(Ct)).RootElement,
            d => d.GetProperty("totals") is var t
                && t.GetProperty("applications").GetProperty("submitted").GetInt32() == 4 && t.GetProperty("applications").GetProperty("decided").GetInt32() == 4
                && t.GetProperty("applications").GetProperty("returned").GetInt32() == 1
                && t.GetProperty("points").GetProperty("granted").GetInt64() == 5_000 && t.GetProperty("points").GetProperty("lapsed").GetInt64() == 500
                && t.GetProperty("points").GetProperty("spent").GetInt64() == 1_000 && t.GetProperty("points").GetProperty("budgetsExhausted").GetInt32() == 1
                && t.GetProperty("talent").GetProperty("hours").GetDecimal() == 28 && t.GetProperty("talent").GetProperty("assignments").GetInt32() == 2,
            TimeSpan.FromSeconds(30), "October's events on the dashboard", d => d.GetProperty("totals").ToString());

    [Fact]
    public async Task Each_towns_month_adds_up_its_events_once_in_Japan_time()
    {
        await OnboardTownsAsync();
        await PublishOctoberAsync();
        var october = await OctoberWhenAllArrivedAsync();
        await Task.Delay(500, Ct); // any straggling repeat has had time to (not) count
        october = await OctoberWhenAllArrivedAsync();

        var towns = october.GetProperty("towns").EnumerateArray().ToDictionary(t => t.GetProperty("code").GetString()!);
        Assert.Equal([Kaneyama, Okura], towns.Keys.Order());

        var k = towns[Kaneyama];
        Assert.Equal("金山町", k.GetProperty("nameJa").GetString());
        var ka = k.GetProperty("applications");
        Assert.Equal((3, 2, 1, 4), (ka.GetProperty("submitted").GetInt32(), ka.GetProperty("online").GetInt32(), ka.GetProperty("returned").GetInt32(), ka.GetProperty("decided").GetInt32()));
        Assert.Equal((0.667m, 0.333m), (ka.GetProperty("onlineShare").GetDecimal(), ka.GetProperty("returnedRate").GetDecimal()));
        // Decided in 1, 2, 2 and 4 days (from the first submission, not the corrected one).
        Assert.Equal((2.0m, 3.4m), (ka.GetProperty("medianDays").GetDecimal(), ka.GetProperty("p90Days").GetDecimal()));
        var procedures = k.GetProperty("procedures").EnumerateArray().ToDictionary(p => p.GetProperty("procedure").GetString()!, p => p.GetProperty("figures"));
        Assert.Equal(["child-allowance", "dog-registration"], procedures.Keys);
        Assert.Equal((2, 1, 3, 2.0m), (procedures["child-allowance"].GetProperty("submitted").GetInt32(), procedures["child-allowance"].GetProperty("online").GetInt32(),
            procedures["child-allowance"].GetProperty("decided").GetInt32(), procedures["child-allowance"].GetProperty("medianDays").GetDecimal()));
        Assert.Equal((1, 1.0m), (procedures["dog-registration"].GetProperty("submitted").GetInt32(), procedures["dog-registration"].GetProperty("medianDays").GetDecimal()));

        var kp = k.GetProperty("points");
        Assert.Equal((2, 5_000L, 1_000L, 500L, 1), (kp.GetProperty("grants").GetInt32(), kp.GetProperty("granted").GetInt64(), kp.GetProperty("spent").GetInt64(),
            kp.GetProperty("lapsed").GetInt64(), kp.GetProperty("budgetsExhausted").GetInt32()));
        var kt = k.GetProperty("talent");
        Assert.Equal((1, 18m, 144_000m, 72_000m), (kt.GetProperty("assignments").GetInt32(), kt.GetProperty("hours").GetDecimal(), kt.GetProperty("cost").GetDecimal(), kt.GetProperty("netCost").GetDecimal()));
        Assert.Equal(["e-application", "points", "talent"], k.GetProperty("services").EnumerateArray().Select(s => s.GetString()));

        var o = towns[Okura];
        Assert.Equal((1, 1, 0), (o.GetProperty("applications").GetProperty("submitted").GetInt32(), o.GetProperty("applications").GetProperty("online").GetInt32(),
            o.GetProperty("applications").GetProperty("decided").GetInt32()));
        Assert.Equal(JsonValueKind.Null, o.GetProperty("applications").GetProperty("medianDays").ValueKind);
        Assert.Equal(0, o.GetProperty("points").GetProperty("grants").GetInt32());
        Assert.Equal((1, 10m, 80_000m, 80_000m), (o.GetProperty("talent").GetProperty("assignments").GetInt32(), o.GetProperty("talent").GetProperty("hours").GetDecimal(),
            o.GetProperty("talent").GetProperty("cost").GetDecimal(), o.GetProperty("talent").GetProperty("netCost").GetDecimal()));

        var totals = october.GetProperty("totals");
        Assert.Equal((0.75m, 2.0m), (totals.GetProperty("applications").GetProperty("onlineShare").GetDecimal(), totals.GetProperty("applications").GetProperty("medianDays").GetDecimal()));
        Assert.Equal(2, totals.GetProperty("towns").GetInt32());
        Assert.Equal((2, 1, 2), (totals.GetProperty("serviceAdoption").GetProperty("e-application").GetInt32(),
            totals.GetProperty("serviceAdoption").GetProperty("points").GetInt32(), totals.GetProperty("serviceAdoption").GetProperty("talent").GetInt32()));

        // The months around it: app-4 in September's cohort; the payment after midnight in November.
        var september = JsonDocument.Parse(await (await Ok(await fixture.Operator.GetAsync("/operator/dashboard?month=2026-09", Ct))).Content.ReadAsStringAsync(Ct)).RootElement;
        var ks = september.GetProperty("towns").EnumerateArray().Single(t => t.GetProperty("code").GetString() == Kaneyama);
        Assert.Equal((1, 0), (ks.GetProperty("applications").GetProperty("submitted").GetInt32(), ks.GetProperty("applications").GetProperty("decided").GetInt32()));
        Assert.Equal(2, ks.GetProperty("talent").GetProperty("assignments").GetInt32()); // a-2 ran until September
        var november = await Eventually.Until(async () => JsonDocument.Parse(await (await fixture.Operator.GetAsync("/operator/dashboard?month=2026-11", Ct)).Content.ReadAsStringAsync(Ct)).RootElement,
            d => d.GetProperty("totals").GetProperty("points").GetProperty("spent").GetInt64() == 999, what: "November's payment");
        Assert.Equal(0, november.GetProperty("totals").GetProperty("points").GetProperty("granted").GetInt64());

        // The same figures as a spreadsheet: one line per town and month.
        var csvResponse = await Ok(await fixture.Operator.GetAsync("/operator/dashboard/figures.csv?from=2026-09&until=2026-11", Ct));
        Assert.Equal("text/csv", csvResponse.Content.Headers.ContentType?.MediaType);
        var bytes = await csvResponse.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Encoding.UTF8.GetPreamble(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(1 + 3 * 2, lines.Length);
        Assert.Contains("2026-10,063614,金山町,Kaneyama Town,3,2,0.667,1,0.333,4,2.0,3.4,2,5000,1000,500,1,1,18,144000,72000,e-application points talent", lines);
        Assert.Contains("2026-11,063657,大蔵村,Okura Village,0,0,,0,,0,,,0,0,0,0,0,1,0,0,0,e-application talent", lines);
    }

    [Theory]
    [InlineData("/operator/dashboard?month=2026-13", "month")]
    [InlineData("/operator/dashboard?month=October", "month")]
    [InlineData("/operator/dashboard?month=2026-1", "month")]
    [InlineData("/operator/dashboard/figures.csv?until=2026-10", "from")]
    [InlineData("/operator/dashboard/figures.csv?from=2026-10", "until")]
    [InlineData("/operator/dashboard/figures.csv?from=2026-10&until=2026-09", "until")]
    [InlineData("/operator/dashboard/figures.csv?from=2024-01&until=2027-01", "until")]
    [InlineData("/operator/dashboard/figures.csv?from=2026-10&until=2026-10'%3Bdrop", "until")]
    public async Task A_bad_month_or_range_is_a_problem_naming_it(string path, string field) =>
        await AssertProblem(await fixture.Operator.GetAsync(path, Ct), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Only_the_prefectures_operators_see_the_dashboard()
    {
        using var anonymous = fixture.OnboardingWith(null);
        await AssertProblem(await anonymous.GetAsync("/operator/dashboard", Ct), HttpStatusCode.Unauthorized);
        using var townAdmin = fixture.OnboardingWith(await fixture.Identity.SignIn(TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, new TotpAuthenticator()));
        await AssertProblem(await townAdmin.GetAsync("/operator/dashboard", Ct), HttpStatusCode.Forbidden);
        await AssertProblem(await townAdmin.GetAsync("/operator/dashboard/figures.csv?from=2026-01&until=2026-02", Ct), HttpStatusCode.Forbidden);
        // This month, when none is named.
        var now = JsonDocument.Parse(await (await Ok(await fixture.Operator.GetAsync("/operator/dashboard", Ct))).Content.ReadAsStringAsync(Ct)).RootElement;
        Assert.Equal(DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), now.GetProperty("month").GetString());
    }
}
