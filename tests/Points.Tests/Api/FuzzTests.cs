using SharedServices.Testing;
using static SharedServices.Points.Tests.Api.PointsFixture;

namespace SharedServices.Points.Tests.Api;

/// <summary>
/// Every operation of the local-point API, fed bad and hostile input by every kind of caller (issue 9). A class fixture,
/// so a points service of its own: some hostile bodies are well-formed enough to be stored.
/// </summary>
public sealed class FuzzTests(PointsFixture fixture) : IClassFixture<PointsFixture>
{
    [Fact]
    public async Task Bad_input_to_any_operation_is_refused_with_a_problem_and_stores_nothing_and_hostile_input_never_breaks_it()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaign = await OpenCampaignAsync(admin, Terms("ファズ検査キャンペーン"));

        var fuzzer = new ApiFuzzer(fixture.Client, fixture.Database, fixture.Service.Services);
        await fuzzer.AssertRefusedSafelyAsync(
            [
                new("nobody", Kaneyama, null),
                new("resident", Kaneyama, fixture.KaneyamaResidentToken),
                new("staff", Kaneyama, fixture.KaneyamaStaffToken),
                new("town admin", Kaneyama, fixture.KaneyamaAdminToken),
                new("other town's admin", Kaneyama, fixture.OkuraAdminToken),
                new("merchant", Kaneyama, fixture.MerchantToken),
                new("operator", null, fixture.OperatorToken),
            ],
            new Dictionary<string, string> { ["id"] = campaign, ["campaignId"] = campaign, ["code"] = KaneyamaCode },
            TestContext.Current.CancellationToken);
    }
}
