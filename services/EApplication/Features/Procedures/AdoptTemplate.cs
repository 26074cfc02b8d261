using Marten;
using SharedServices.EApplication.Procedures;
using SharedServices.EventStore;
using SharedServices.Tenancy;

namespace SharedServices.EApplication.Features.Procedures;

/// <summary>
/// A town adopts a prefecture template (copy-on-adopt): the town is subscribed to the template's new
/// versions (in the prefecture's tenant) and gets its own procedure, based on the template's latest
/// version, unpublished until its admin publishes it. The one way to adopt: the town's admin does it
/// for the town (<see cref="ProceduresApi"/>), the prefecture for many towns at once (a rollout).
/// </summary>
public static class AdoptTemplate
{
    public enum Outcome { Adopted, NoSuchTemplate, AlreadyAdopted }

    public static async Task<(Outcome Outcome, int TemplateVersion)> AdoptAsync(
        IDocumentStore store, Prefecture prefecture, string town, string templateKey, string by, CancellationToken ct)
    {
        FormTemplate? template;
        using (prefecture.Scope())
        {
            await using var shared = store.OpenTenantSession();
            template = await shared.LoadAsync<FormTemplate>(templateKey, ct);
            if (template is null)
            {
                return (Outcome.NoSuchTemplate, 0);
            }
        }
        using var townScope = CurrentTenant.Change(town);
        await using var session = store.OpenTenantSession();
        if (await session.LoadAsync<Procedure>(template.Id, ct) is { } existing)
        {
            return (Outcome.AlreadyAdopted, existing.TemplateVersion ?? 0);
        }
        using (prefecture.Scope())
        {
            // Subscribed first: an offer reaching a town whose adoption then failed is skipped.
            await using var shared = store.OpenTenantSession();
            shared.Store(new TemplateSubscription { Id = TemplateSubscription.IdOf(template.Id, town), TemplateKey = template.Id, TownCode = town });
            await shared.SaveChangesAsync(ct);
        }
        session.Events.StartStream<Procedure>(template.Id,
            new ProcedureAdopted(template.Id, template.Id, template.LatestVersion, by, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync(ct);
        return (Outcome.Adopted, template.LatestVersion);
    }
}
