using Marten;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Forms;
using SharedServices.EApplication.Procedures;
using SharedServices.EventStore;
using SharedServices.Tenancy;

namespace SharedServices.EApplication.Features.Templates;

/// <summary>
/// At start-up: the prefecture's shared templates (Forms/Templates, 県 共通様式) that are not in its
/// event store yet are published there as version 1. Templates already there are left alone: later
/// versions are the prefecture's own publications.
/// </summary>
internal sealed partial class SeedTemplates(IDocumentStore store, FormTemplateCatalogue catalogue, Prefecture prefectureOf, ILogger<SeedTemplates> logger)
    : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var prefecture = CurrentTenant.Change(prefectureOf.Code, logger);
        await using var session = store.OpenTenantSession();
        foreach (var template in catalogue.All)
        {
            if (await session.LoadAsync<FormTemplate>(template.Key, cancellationToken) is not null)
            {
                continue;
            }
            var first = template with { Version = 1 };
            session.Events.StartStream<FormTemplate>(template.Key,
                new TemplateVersionPublished(template.Key, 1, FormJson.Write(first), DateTimeOffset.UtcNow));
            LogSeeded(template.Key);
        }
        await session.SaveChangesAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(LogLevel.Information, "Published the shared template {Template} as version 1")]
    private partial void LogSeeded(string template);
}
