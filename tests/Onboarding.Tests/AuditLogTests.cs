using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using SharedServices.Contracts.Audit;
using SharedServices.Tenancy;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;

namespace SharedServices.Onboarding.Tests;

/// <summary>
/// The operators' audit log (操作ログ): each change an operator makes or attempts through an API is
/// recorded by the service that served it and kept, once, by the onboarding service; searchable.
/// </summary>
public sealed class AuditLogTests(OnboardingFixture fixture) : IClassFixture<OnboardingFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<JsonElement> SearchAsync(string query = "") =>
        JsonDocument.Parse(await (await Ok(await fixture.Operator.GetAsync("/operator/audit" + query, Ct))).Content.ReadAsStringAsync(Ct)).RootElement;

    private Task<JsonElement> UntilAsync(string query, int total) =>
        Eventually.Until(() => SearchAsync(query), r => r.GetProperty("total").GetInt32() == total, TimeSpan.FromSeconds(30),
            $"{total} entries for '{query}'", r => r.ToString());

    [Fact]
    public async Task Operators_changes_and_refused_attempts_are_logged_once_and_searchable_but_reads_and_others_are_not()
    {
        var operatorId = Subject(await fixture.Identity.OperatorToken());
        await Ok(await fixture.Operator.Onboard("063614", "kaneyama", "Kaneyama Town"), HttpStatusCode.Created);
        await AssertProblem(await fixture.Operator.Onboard("063615", "bad-digit"), HttpStatusCode.BadRequest, "code");
        // A town's admin is no operator: refused, and not the operators' log.
        using var townAdmin = fixture.OnboardingWith(await fixture.Identity.SignIn(TestIdentity.TownAdminLogin, TestIdentity.TownAdminPassword, new TotpAuthenticator()));
        await AssertProblem(await townAdmin.PutAsJsonAsync("/operator/municipalities/063614/suspension", new { reason = "x" }, Ct), HttpStatusCode.Forbidden);
        await AssertProblem(await townAdmin.GetAsync("/operator/audit", Ct), HttpStatusCode.Forbidden);
        await Ok(await fixture.Operator.PutAsJsonAsync("/operator/municipalities/063614/suspension", new { reason = "システム移行" }, Ct));
        await Ok(await fixture.Operator.GetAsync("/operator/municipalities/063614", Ct)); // a read: not logged
        using var anonymous = fixture.OnboardingWith(null);
        await AssertProblem(await anonymous.GetAsync("/operator/audit", Ct), HttpStatusCode.Unauthorized);

        var all = await UntilAsync("?service=onboarding", 3);
        await Task.Delay(500, Ct);
        all = await UntilAsync("?service=onboarding", 3);
        var entries = all.GetProperty("entries").EnumerateArray().ToList();
        // Newest first.
        Assert.Equal([200, 400, 201], entries.Select(e => e.GetProperty("status").GetInt32()));
        var suspension = entries[0];
        Assert.Equal("PUT /operator/municipalities/{code}/suspension", suspension.GetProperty("action").GetString());
        Assert.Equal("/operator/municipalities/063614/suspension", suspension.GetProperty("target").GetString());
        Assert.Equal("063614", suspension.GetProperty("town").GetString());
        Assert.Equal(operatorId, suspension.GetProperty("operatorId").GetString());
        Assert.False(string.IsNullOrEmpty(suspension.GetProperty("operatorName").GetString()));
        Assert.Matches("^[0-9a-f]{32}$", suspension.GetProperty("traceId").GetString()!);
        Assert.Equal("POST /operator/municipalities", entries[2].GetProperty("action").GetString());

        Assert.Equal(1, (await SearchAsync("?q=SUSPENSION")).GetProperty("total").GetInt32()); // any case
        Assert.Equal(1, (await SearchAsync("?town=063614&service=onboarding")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await SearchAsync("?q=%25")).GetProperty("total").GetInt32()); // % is a character, not a wildcard
        Assert.Equal(3, (await SearchAsync($"?service=onboarding&operatorId={operatorId}")).GetProperty("total").GetInt32());
        var today = DateTimeOffset.UtcNow.ToOffset(TimeSpan.FromHours(9));
        Assert.Equal(3, (await SearchAsync($"?service=onboarding&from={today:yyyy-MM-dd}&until={today:yyyy-MM-dd}")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await SearchAsync($"?service=onboarding&until={today.AddDays(-1):yyyy-MM-dd}")).GetProperty("total").GetInt32());
        var second = await SearchAsync("?service=onboarding&pageSize=1&page=2");
        Assert.Equal((3, 400), (second.GetProperty("total").GetInt32(), Assert.Single(second.GetProperty("entries").EnumerateArray()).GetProperty("status").GetInt32()));
    }

    [Fact]
    public async Task An_entry_delivered_twice_is_kept_once()
    {
        var acted = new OperatorActed("op-1", "県 太郎", "talent", "POST /prefecture/talent/{id}/approval", "/prefecture/talent/t-1/approval", null, 200,
            DateTimeOffset.UtcNow, null);
        var id = Guid.NewGuid();
        using (CurrentTenant.Change(TestEnvironment.PrefectureCode))
        {
            var bus = fixture.Onboarding.Services.GetRequiredService<IBus>();
            await bus.Publish(acted, c => c.MessageId = id, Ct);
            await bus.Publish(acted, c => c.MessageId = id, Ct);
        }
        await UntilAsync("?service=talent&operatorId=op-1", 1);
        await Task.Delay(500, Ct);
        var found = await UntilAsync("?service=talent&operatorId=op-1", 1);
        Assert.Equal("県 太郎", found.GetProperty("entries")[0].GetProperty("operatorName").GetString());
    }

    [Theory]
    [InlineData("?pageSize=0", "pageSize")]
    [InlineData("?pageSize=201", "pageSize")]
    [InlineData("?page=0", "page")]
    [InlineData("?from=2026/10/01", "from")]
    [InlineData("?until=yesterday", "until")]
    public async Task A_bad_search_is_a_problem_naming_the_field(string query, string field) =>
        await AssertProblem(await fixture.Operator.GetAsync("/operator/audit" + query, Ct), HttpStatusCode.BadRequest, field);

    [Fact]
    public async Task Too_long_words_are_refused() =>
        await AssertProblem(await fixture.Operator.GetAsync("/operator/audit?q=" + new string('a', 201), Ct), HttpStatusCode.BadRequest, "q");
}
