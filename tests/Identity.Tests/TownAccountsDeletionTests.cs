using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using SharedServices.Identity.Accounts;
using SharedServices.Testing;

namespace SharedServices.Identity.Tests;

/// <summary>
/// When an offboarded town's retention period is over (here: at once), the identity service deletes the
/// town's accounts — its staff's and residents' — and says so to the onboarding service; other towns'
/// accounts and the prefecture's stay.
/// </summary>
public sealed class TownAccountsDeletionTests(TownsFixture fixture) : IClassFixture<TownsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_offboarded_towns_accounts_are_deleted_when_its_retention_is_over_and_no_one_elses()
    {
        await fixture.Onboard("064033", "iide", "Iide Town");
        var staff = await fixture.OpenAccountAsync("iide-staff-password-1", AccountKind.TownStaff, "064033");
        var resident = await fixture.OpenAccountAsync("iide-resident-password-1", AccountKind.Resident, "064033");
        var elsewhere = await fixture.OpenAccountAsync("kaneyama-resident-password-1", AccountKind.Resident, "063614");

        // Before it goes: the town's accounts exported to the operator, who they are and never a secret.
        using var identity = fixture.Identity.CreateClient();
        identity.DefaultRequestHeaders.Authorization = fixture.Operator.DefaultRequestHeaders.Authorization;
        var export = await Eventually.Until(() => identity.GetAsync("/operator/towns/064033/export", Ct), r => r.StatusCode != HttpStatusCode.NotFound,
            what: "飯豊町 in the identity service's registry");
        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType?.MediaType);
        var exported = (await export.Content.ReadAsStringAsync(Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement).Where(l => l.GetProperty("table").GetString() == "accounts").ToList();
        Assert.Equal(new[] { resident, staff }.Order(), exported.Select(a => a.GetProperty("row").GetProperty("LoginName").GetString()).Order());
        Assert.All(exported, a => Assert.False(a.GetProperty("row").TryGetProperty("PasswordHash", out _)));
        Assert.DoesNotContain(exported, a => a.GetProperty("row").GetProperty("TenantCode").GetString() != "064033");
        using var anonymous = fixture.Identity.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/operator/towns/064033/export", Ct)).StatusCode);
        using var residentClient = fixture.Identity.CreateClient();
        using (var browser = fixture.NewBrowser())
        {
            residentClient.DefaultRequestHeaders.Authorization = new("Bearer", await browser.SignInForAccessToken(IdentityFixture.ResidentLogin, IdentityFixture.ResidentPassword));
        }
        Assert.Equal(HttpStatusCode.Forbidden, (await residentClient.GetAsync("/operator/towns/064033/export", Ct)).StatusCode);

        var offboarded = await fixture.Operator.PostAsync("/operator/municipalities/064033/offboarding", null, Ct);
        Assert.Equal(HttpStatusCode.OK, offboarded.StatusCode);
        var status = await Eventually.Until(
            async () => JsonDocument.Parse(await fixture.Operator.GetStringAsync("/operator/municipalities/064033/offboarding", Ct)).RootElement,
            s => s.GetProperty("deletedBy").TryGetProperty("identity", out _), TimeSpan.FromSeconds(30), "the identity service's deletion", s => s.ToString());
        Assert.True(status.GetProperty("deletedBy").GetProperty("identity").GetProperty("rows").GetInt64() >= 2);

        var left = await fixture.WithDatabase(db => db.Accounts.Where(a => a.LoginName == staff || a.LoginName == resident || a.LoginName == elsewhere)
            .Select(a => a.LoginName).ToListAsync(Ct));
        Assert.Equal([elsewhere], left);
        Assert.Equal(AccountKind.Operator, (await fixture.AccountAsync(IdentityFixture.OperatorLogin)).Kind);
    }
}
