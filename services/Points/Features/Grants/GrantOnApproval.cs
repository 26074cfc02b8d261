using Marten;
using MassTransit;
using SharedServices.Contracts.EApplication;
using SharedServices.Points.Campaigns;
using SharedServices.Points.Wallets;

namespace SharedServices.Points.Features.Grants;

/// <summary>
/// An approved application (e.g. 児童手当 認定請求) grants the points of every open campaign triggered by
/// its procedure, to the applicant. Exactly once per application and campaign: the grant's trigger is
/// <c>application:{id}</c>, and <see cref="Granting"/> finds an earlier grant with it under the wallet's
/// lock — whether the message came twice, or the consumer crashed after committing and before the
/// broker heard of it. Counter applications of residents without an account have nobody to grant to.
/// </summary>
public sealed class GrantOnApproval(IDocumentStore store, Granting granting, ILogger<GrantOnApproval> logger) : IConsumer<ApplicationApproved>
{
    public static string TriggerOf(string applicationId) => $"application:{applicationId}";

    public async Task Consume(ConsumeContext<ApplicationApproved> context)
    {
        var approved = context.Message;
        if (approved.ApplicantId is not { Length: > 0 } resident)
        {
            return;
        }
        IReadOnlyList<Campaign> campaigns;
        await using (var session = store.QuerySession(SharedServices.Tenancy.CurrentTenant.Id))
        {
            campaigns = await session.Query<Campaign>()
                .Where(c => c.Terms.Trigger == Triggers.ApplicationApproved && c.Terms.ProcedureKey == approved.ProcedureKey && c.Status == CampaignStatus.Open)
                .ToListAsync(context.CancellationToken);
        }
        foreach (var campaign in campaigns)
        {
            var outcome = await granting.GrantAsync(resident, campaign.Id, TriggerOf(approved.ApplicationId), context.CancellationToken);
            logger.LogInformation("Application {Application} approved: campaign {Campaign} {Result} {Points} points {Reason}",
                approved.ApplicationId, campaign.Id, outcome.Result, outcome.Points, outcome.Reason);
        }
    }
}
