using SharedServices.Testing;
using static SharedServices.EApplication.Tests.Api.EApplicationFixture;

namespace SharedServices.EApplication.Tests.Api;

/// <summary>
/// 大蔵村's people, and tokens forged from genuine ones, against 金山町 on every operation of the e-application API
/// (issue 9). The secret: the name of an applicant 金山町's staff helped at the counter, which only they may read.
/// </summary>
public sealed class AttackMatrixTests(EApplicationFixture fixture) : IClassFixture<EApplicationFixture>
{
    [Fact]
    public async Task No_attack_on_another_towns_applications_reads_or_changes_anything()
    {
        var ct = TestContext.Current.CancellationToken;
        var secret = $"金山 秘子 {Guid.NewGuid():N}"[..16];
        using var staff = fixture.Client(Kaneyama, fixture.KaneyamaStaffToken);
        var application = await Steps.SubmitAtCounterAsync(staff, secret);

        var forged = new ForgedTokens(fixture.Identity);
        var attacks = AttackMatrix.OfTown(new("大蔵村", Okura, "okura", "063657"), fixture.OkuraAdminToken, fixture.OkuraResidentToken,
            new("金山町", Kaneyama, "kaneyama", "063614"), fixture.KaneyamaAdminToken, forged);
        await new AttackMatrix(fixture.Client).AssertNoLeaksAsync(Kaneyama, forged.Resigned(fixture.KaneyamaStaffToken, _ => { }), attacks,
            new Dictionary<string, string> { ["id"] = application }, [secret], ct);
    }
}
