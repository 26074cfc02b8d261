using System.Net;
using MassTransit;
using SharedServices.Contracts.EApplication;
using SharedServices.Points.Features.Grants;
using SharedServices.Testing;
using SharedServices.Tenancy;
using static SharedServices.Testing.Responses;
using static SharedServices.Points.Tests.Api.PointsFixture;

namespace SharedServices.Points.Tests.Api;

/// <summary>
/// An approved application grants the points of the campaigns its procedure triggers, exactly once,
/// through RabbitMQ as e-application publishes it (the same message twice, or again under a new id).
/// </summary>
[Collection(ServiceGroup.Name)]
public sealed class ApprovalGrantTests(PointsFixture fixture)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task PublishAsync(ApplicationApproved approved, Guid messageId)
    {
        using var town = CurrentTenant.Change(approved.TenantId);
        await fixture.Get<IBus>().Publish(approved, context => context.MessageId = messageId, Ct);
    }

    private static ApplicationApproved Approval(string procedure, string applicant, string applicationId) =>
        new(KaneyamaCode, applicationId, procedure, $"{KaneyamaCode}-2026-{Random.Shared.Next(999_999):000000}",
            DateTimeOffset.UtcNow.AddDays(-3), DateTimeOffset.UtcNow, applicant);

    [Fact]
    public async Task An_approval_delivered_twice_and_republished_grants_once_and_a_second_approval_grants_again()
    {
        using var admin = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        var campaignId = await OpenCampaignAsync(admin, Terms("子育て応援ポイント", perGrant: 5_000, cap: 10_000, trigger: "applicationApproved", procedureKey: "child-allowance"));
        var (token, residentId) = await fixture.NewResidentAsync();
        using var resident = fixture.Client(Kaneyama, token);

        var approval = Approval("child-allowance", residentId, Guid.NewGuid().ToString("N"));
        var messageId = Guid.NewGuid();
        await PublishAsync(approval, messageId);
        await PublishAsync(approval, messageId);          // a redelivery
        await PublishAsync(approval, Guid.NewGuid());      // the outbox publishing it again after a crash
        // Another procedure's approval grants nothing from this campaign.
        await PublishAsync(Approval("dog-registration", residentId, Guid.NewGuid().ToString("N")), Guid.NewGuid());

        await Eventually.Until(() => resident.GetAsync("/wallet", Ct), r => r.IsSuccessStatusCode, what: "the wallet");
        await Eventually.Until(async () => await Json(await resident.GetAsync("/wallet", Ct)), w => w.GetProperty("total").GetInt64() == 5_000, what: "5,000 points granted");
        // Give the repeats time to arrive and be handled: still one grant.
        await Task.Delay(1500, Ct);
        var history = await Json(await resident.GetAsync("/wallet/history", Ct));
        var grant = Assert.Single(history.EnumerateArray());
        Assert.Equal(GrantOnApproval.TriggerOf(approval.ApplicationId), grant.GetProperty("detail").GetString());

        await PublishAsync(Approval("child-allowance", residentId, Guid.NewGuid().ToString("N")), Guid.NewGuid());
        await Eventually.Until(async () => await Json(await resident.GetAsync("/wallet", Ct)), w => w.GetProperty("total").GetInt64() == 10_000, what: "a second grant");
        // The cap (10,000) is reached: a third approval grants nothing.
        await PublishAsync(Approval("child-allowance", residentId, Guid.NewGuid().ToString("N")), Guid.NewGuid());
        await Task.Delay(1500, Ct);
        Assert.Equal(10_000, (await Json(await resident.GetAsync("/wallet", Ct))).GetProperty("total").GetInt64());
        Assert.Equal(2, (await Json(await resident.GetAsync("/wallet/history", Ct))).GetArrayLength());
        await fixture.AssertReconciledAsync(Kaneyama, fixture.KaneyamaStaffToken);
    }

    [Fact]
    public async Task An_approval_in_another_town_grants_only_from_that_towns_campaigns()
    {
        using var kaneyama = fixture.Client(Kaneyama, fixture.KaneyamaAdminToken);
        await OpenCampaignAsync(kaneyama, Terms("金山町だけ", perGrant: 1_000, trigger: "applicationApproved", procedureKey: "town-only"));
        using var okura = fixture.Client(Okura, fixture.OkuraAdminToken);
        await OpenCampaignAsync(okura, Terms("大蔵村だけ", perGrant: 300, trigger: "applicationApproved", procedureKey: "town-only"));
        var (token, residentId) = await fixture.NewResidentAsync(OkuraCode);
        using var resident = fixture.Client(Okura, token);

        await PublishAsync(Approval("town-only", residentId, Guid.NewGuid().ToString("N")) with { TenantId = OkuraCode }, Guid.NewGuid());
        await Eventually.Until(async () => await Json(await resident.GetAsync("/wallet", Ct)), w => w.GetProperty("total").GetInt64() > 0, what: "大蔵村's grant");
        await Task.Delay(1000, Ct);
        var history = await Json(await resident.GetAsync("/wallet/history", Ct));
        var grant = Assert.Single(history.EnumerateArray());
        Assert.Equal("大蔵村だけ", grant.GetProperty("campaign").GetString());
        Assert.Equal(300, grant.GetProperty("points").GetInt64());
    }
}
