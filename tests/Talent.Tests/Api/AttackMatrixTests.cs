using SharedServices.Identity.Accounts;
using SharedServices.Testing;
using static SharedServices.Talent.Tests.Api.TalentFixture;

namespace SharedServices.Talent.Tests.Api;

/// <summary>
/// 大蔵村's people, and tokens forged from genuine ones, against 金山町 on every operation of the talent API (issue 9).
/// The secret: the title of a need 金山町 has posted, which only its staff (and the prefecture) may read.
/// </summary>
public sealed class AttackMatrixTests(TalentFixture fixture) : IClassFixture<TalentFixture>
{
    [Fact]
    public async Task No_attack_on_another_towns_talent_needs_reads_or_changes_anything()
    {
        var ct = TestContext.Current.CancellationToken;
        var secret = $"金山町の非公開の募集 {Guid.NewGuid():N}"[..20];
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var needId = await PostNeedAsync(kaneyama, Need(secret, [Skill("procurement", 2)]));
        await fixture.Identity.OpenAccountAsync("resident@okura.example", AccountKind.Resident, OkuraCode, "大蔵 次郎", Password);
        var okuraResident = await fixture.Identity.SignIn("resident@okura.example", Password);

        var forged = new ForgedTokens(fixture.Identity);
        var attacks = AttackMatrix.OfTown(new("大蔵村", Okura, "okura", OkuraCode), fixture.OkuraAdminToken, okuraResident,
            new("金山町", Kaneyama, "kaneyama", KaneyamaCode), fixture.KaneyamaAdminToken, forged);
        await new AttackMatrix(fixture.Client).AssertNoLeaksAsync(Kaneyama, forged.Resigned(fixture.KaneyamaAdminToken, _ => { }), attacks,
            new Dictionary<string, string> { ["id"] = needId, ["needId"] = needId }, [secret], ct);
    }
}
