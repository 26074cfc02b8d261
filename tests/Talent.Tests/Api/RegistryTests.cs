using System.Net;
using System.Net.Http.Json;
using SharedServices.Testing;
using static SharedServices.Testing.Responses;
using static SharedServices.Talent.Tests.Api.TalentFixture;

namespace SharedServices.Talent.Tests.Api;

/// <summary>The registry: the talent's own profile, approved by the prefecture, seen by every town without contact details.</summary>
[Collection(ServiceGroup.Name)]
public sealed class RegistryTests(TalentFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, object?, string> BadProfiles => new()
    {
        { "name", "", "name" },
        { "role", "wizard", "role" },
        { "skills", Array.Empty<object>(), "skills" },
        { "skills", new[] { Skill("alchemy", 3) }, "skills" },
        { "skills", new[] { Skill("data", 6) }, "skills" },
        { "publicSectorYears", -1, "publicSectorYears" },
        { "availability", new[] { new { month = "2027-13", hours = 10 } }, "availability" },
        { "availability", new[] { new { month = "2027-04", hours = 500 } }, "availability" },
        { "ratePerHour", 0m, "ratePerHour" },
        { "contact", new { email = "not-an-address" }, "contact.email" },
    };

    [Theory]
    [MemberData(nameof(BadProfiles))]
    public async Task A_bad_profile_is_refused_naming_the_field_and_nothing_is_stored(string key, object? value, string field)
    {
        var (token, _) = await fixture.NewPersonAsync();
        using var me = fixture.Client(null, token);
        var profile = Profile("山田 花子", [Skill("data", 3)]);
        profile[key] = value;
        await AssertProblem(await me.PutAsJsonAsync("/talent/profile", profile, Ct), HttpStatusCode.BadRequest, field);
        await AssertProblem(await me.GetAsync("/talent/profile", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_profile_is_listed_once_approved_and_a_later_change_only_when_approved_again_never_with_contact_details()
    {
        var (token, id) = await fixture.NewPersonAsync();
        using var me = fixture.Client(null, token);
        await Ok(await me.PutAsJsonAsync("/talent/profile", Profile("佐藤 一郎", [Skill("security", 4)]), Ct), HttpStatusCode.Accepted);
        using var town = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        await AssertProblem(await town.GetAsync($"/console/talent/{id}", Ct), HttpStatusCode.NotFound);

        using var op = fixture.Client(null, fixture.OperatorToken);
        await Ok(await op.PostAsync($"/prefecture/talent/{id}/approval", null, Ct));
        await AssertProblem(await op.PostAsync($"/prefecture/talent/{id}/approval", null, Ct), HttpStatusCode.Conflict);
        var seen = await Json(await town.GetAsync($"/console/talent/{id}", Ct));
        Assert.Equal("佐藤 一郎", seen.GetProperty("name").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, seen.GetProperty("contact").ValueKind);

        await Ok(await me.PutAsJsonAsync("/talent/profile", Profile("佐藤 一郎", [Skill("security", 5)], rate: 9_000), Ct), HttpStatusCode.Accepted);
        Assert.Equal(8_000, (await Json(await town.GetAsync($"/console/talent/{id}", Ct))).GetProperty("ratePerHour").GetDecimal());
        await Ok(await op.PostAsync($"/prefecture/talent/{id}/approval", null, Ct));
        Assert.Equal(9_000, (await Json(await town.GetAsync($"/console/talent/{id}", Ct))).GetProperty("ratePerHour").GetDecimal());
        Assert.Contains((await Json(await town.GetAsync("/console/talent", Ct))).EnumerateArray(), p => p.GetProperty("id").GetString() == id);

        // Each approval (and the refused second) is in the operators' audit log (操作ログ), in the prefecture's tenant, for the outbox to relay.
        var logged = await fixture.Database.QueryAsAppAsync<string>(
            $"select data::text from public.mt_events where type = 'operator_acted' and data->>'Target' = '/prefecture/talent/{id}/approval'", TestEnvironment.PrefectureCode);
        Assert.Equal([200, 200, 409], logged.Select(l => System.Text.Json.JsonDocument.Parse(l).RootElement.GetProperty("Status").GetInt32()).Order());
        Assert.All(logged, l => Assert.Contains("\"Action\": \"POST /prefecture/talent/{id}/approval\"", l, StringComparison.Ordinal));
    }
}
