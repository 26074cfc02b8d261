using System.Text.Json;
using Marten;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Forms;
using SharedServices.EApplication.Procedures;
using SharedServices.EventStore;
using SharedServices.Tenancy;

namespace SharedServices.EApplication.Seeding;

/// <summary>
/// Development only: the quick start's towns get procedures to apply for. <c>EApplication:DemoProceduresFile</c>
/// names a JSON object {town code: [template keys]}; as each town reaches this service's registry (its
/// onboarding event arrives after start-up), the listed templates are adopted as they are and published.
/// Procedures a town already has are left alone.
/// </summary>
internal sealed partial class DemoProcedures(
    IDocumentStore store, ITenantStore towns, Prefecture prefecture, IConfiguration configuration, IHostEnvironment environment,
    ILogger<DemoProcedures> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (configuration["EApplication:DemoProceduresFile"] is not { Length: > 0 } file)
        {
            return;
        }
        if (!environment.IsDevelopment())
        {
            throw new InvalidOperationException("EApplication:DemoProceduresFile is for Development only.");
        }
        var wanted = JsonSerializer.Deserialize<Dictionary<string, string[]>>(await File.ReadAllTextAsync(file, stoppingToken))
            ?? throw new InvalidOperationException($"{file} lists no towns.");
        var pending = new Dictionary<string, string[]>(wanted);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        while (pending.Count > 0 && await timer.WaitForNextTickAsync(stoppingToken))
        {
            foreach (var (town, templates) in pending.ToList())
            {
                if (towns.FindById(town) is not { IsActive: true })
                {
                    continue;
                }
                foreach (var template in templates)
                {
                    await AdoptAndPublishAsync(town, template, stoppingToken);
                }
                pending.Remove(town);
            }
        }
    }

    private async Task AdoptAndPublishAsync(string town, string templateKey, CancellationToken ct)
    {
        FormTemplate? template;
        using (prefecture.Scope())
        {
            await using var session = store.OpenTenantSession();
            template = await session.LoadAsync<FormTemplate>(templateKey, ct);
            if (template is null)
            {
                LogUnknown(templateKey);
                return;
            }
            session.Store(new TemplateSubscription { Id = TemplateSubscription.IdOf(templateKey, town), TemplateKey = templateKey, TownCode = town });
            await session.SaveChangesAsync(ct);
        }
        using var scope = CurrentTenant.Change(town, logger);
        await using var townSession = store.OpenTenantSession();
        if (await townSession.LoadAsync<Procedure>(templateKey, ct) is not null)
        {
            return;
        }
        var definition = FormJson.Read(template.LatestDefinitionJson) with { Key = templateKey, Version = 1, BasedOn = new FormVersionRef(templateKey, template.LatestVersion) };
        var json = FormJson.Write(definition);
        townSession.Events.StartStream<Procedure>(templateKey,
            new ProcedureAdopted(templateKey, templateKey, template.LatestVersion, "demo", DateTimeOffset.UtcNow),
            new ProcedureVersionPublished(1, json, template.LatestVersion, "demo", DateTimeOffset.UtcNow));
        townSession.Insert(new PublishedForm { Id = PublishedForm.IdOf(templateKey, 1), DefinitionJson = json });
        await townSession.SaveChangesAsync(ct);
        LogPublished(town, templateKey);
    }

    [LoggerMessage(LogLevel.Warning, "Demo procedure {Template} is not a template of the prefecture")]
    private partial void LogUnknown(string template);

    [LoggerMessage(LogLevel.Information, "Demo: {Town} adopted and published {Template}")]
    private partial void LogPublished(string town, string template);
}
