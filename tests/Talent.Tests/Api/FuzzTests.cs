using SharedServices.Testing;
using static SharedServices.Talent.Tests.Api.TalentFixture;

namespace SharedServices.Talent.Tests.Api;

/// <summary>
/// Every operation of the talent API, fed bad and hostile input by every kind of caller (issue 9). A class fixture, so
/// a talent service of its own: some hostile bodies are well-formed enough to be stored.
/// </summary>
public sealed class FuzzTests(TalentFixture fixture) : IClassFixture<TalentFixture>
{
    [Fact]
    public async Task Bad_input_to_any_operation_is_refused_with_a_problem_and_stores_nothing_and_hostile_input_never_breaks_it()
    {
        var (personToken, personId) = await fixture.ListedPersonAsync(Profile("佐藤 花子", [Skill("procurement", 3)]));
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var needId = await PostNeedAsync(kaneyama, Need("調達支援", [Skill("procurement", 2)]));

        var fuzzer = new ApiFuzzer(fixture.Client, fixture.Database, fixture.Service.Services);
        await fuzzer.AssertRefusedSafelyAsync(
            [
                new("nobody", Kaneyama, null),
                new("resident", Kaneyama, fixture.KaneyamaResidentToken),
                new("staff", Kaneyama, fixture.KaneyamaStaffToken),
                new("town admin", Kaneyama, fixture.KaneyamaAdminToken),
                new("other town's admin", Kaneyama, fixture.OkuraAdminToken),
                new("person", null, personToken),
                new("operator", null, fixture.OperatorToken),
            ],
            new Dictionary<string, string> { ["id"] = needId, ["needId"] = needId, ["talentId"] = personId, ["code"] = KaneyamaCode },
            TestContext.Current.CancellationToken);
    }
}
