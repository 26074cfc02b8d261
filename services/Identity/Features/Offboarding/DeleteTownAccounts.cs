using MassTransit;
using Microsoft.EntityFrameworkCore;
using OpenIddict.EntityFrameworkCore.Models;
using SharedServices.Contracts.Tenancy;
using SharedServices.Identity.Data;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.Identity.Features.Offboarding;

/// <summary>
/// When an offboarded town's retention period is over, the identity service deletes what it holds of the
/// town: its staff's and residents' accounts (with their password resets), its first-admin invitation,
/// and the tokens and authorizations issued to those accounts — in one transaction — then says so.
/// Only for a town its registry knows as offboarded; deleting again deletes nothing.
/// </summary>
public sealed class DeleteTownAccounts(IdentityDatabase database, ITenantStore towns, PlatformService service, ILogger<DeleteTownAccounts> logger)
    : IConsumer<TenantDataDeletionDue>
{
    public async Task Consume(ConsumeContext<TenantDataDeletionDue> context)
    {
        var town = context.Message.TenantId;
        var ct = context.CancellationToken;
        if (towns.FindById(town) is not { Status: TenantStatuses.Offboarded })
        {
            logger.LogWarning("Deletion of {Town}'s accounts asked, but it is not offboarded here; nothing deleted", town);
            return;
        }
        await using var transaction = await database.Database.BeginTransactionAsync(ct);
        var subjects = await database.Accounts.Where(a => a.TenantCode == town).Select(a => a.Id.ToString()).ToListAsync(ct);
        long rows = await database.Set<OpenIddictEntityFrameworkCoreToken>().Where(t => t.Subject != null && subjects.Contains(t.Subject)).ExecuteDeleteAsync(ct);
        rows += await database.Set<OpenIddictEntityFrameworkCoreAuthorization>().Where(a => a.Subject != null && subjects.Contains(a.Subject)).ExecuteDeleteAsync(ct);
        rows += await database.FirstAdminInvitations.Where(i => i.TenantCode == town).ExecuteDeleteAsync(ct);
        rows += await database.Accounts.Where(a => a.TenantCode == town).ExecuteDeleteAsync(ct); // their password resets cascade
        await transaction.CommitAsync(ct);
        logger.LogInformation("Deleted {Rows} rows (accounts, invitation, tokens) of offboarded town {Town}", rows, town);
        using var scope = CurrentTenant.Change(town);
        await context.Publish(new TenantDataDeleted(town, service.Name, rows, DateTimeOffset.UtcNow), ct);
    }
}
