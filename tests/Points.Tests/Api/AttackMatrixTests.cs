using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SharedServices.Testing;
using static SharedServices.Points.Tests.Api.PointsFixture;
using static SharedServices.Testing.Responses;

namespace SharedServices.Points.Tests.Api;

/// <summary>
/// 大蔵村's people, and tokens forged from genuine ones, against 金山町 on every operation of the local-point API
/// (issue 9). The secret: a campaign 金山町's staff are still preparing, which only they may read.
/// </summary>
public sealed class AttackMatrixTests(PointsFixture fixture) : IClassFixture<PointsFixture>
{
    [Fact]
    public async Task No_attack_on_another_towns_points_reads_or_changes_anything()
    {
        var ct = TestContext.Current.CancellationToken;
        var secret = $"金山町の準備中キャンペーン-{Guid.NewGuid():N}"[..24];
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var created = await Ok(await admin.PostAsJsonAsync("/console/campaigns", Terms(secret), ct), HttpStatusCode.Created);
        var campaign = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;

        var forged = new ForgedTokens(fixture.Identity);
        var attacks = AttackMatrix.OfTown(new("大蔵村", Okura, "okura", OkuraCode), fixture.OkuraAdminToken, fixture.OkuraResidentToken,
            new("金山町", Kaneyama, "kaneyama", KaneyamaCode), fixture.KaneyamaAdminToken, forged);
        await new AttackMatrix(fixture.Client).AssertNoLeaksAsync(Kaneyama, forged.Resigned(fixture.KaneyamaAdminToken, _ => { }), attacks,
            new Dictionary<string, string> { ["id"] = campaign, ["campaignId"] = campaign }, [secret], ct);
    }
}
