using System.Text.Json;
using Marten;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Features;
using SharedServices.EApplication.Features.Templates;
using SharedServices.EApplication.Forms;
using SharedServices.EApplication.Procedures;
using SharedServices.EventStore;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Procedures;

/// <summary>
/// A town's procedures (手続き). Town admins adopt a prefecture template (copy-on-adopt, subscribed to
/// its new versions) or make their own form, adapt it, and publish: every publish is a new immutable
/// version. Residents see only published procedures, at their current version.
/// </summary>
public static class ProceduresApi
{
    public sealed record ProcedureSummary(
        string Key, LocalizedText? Title, int PublishedVersion, AssuranceLevel RequiredAssurance,
        string? TemplateKey, int? TemplateVersion, int? OfferedTemplateVersion);

    public sealed record AdoptRequest(string TemplateKey);

    public sealed record UpgradeDecision(string Decision);

    public static IEndpointRouteBuilder MapProceduresApi(this IEndpointRouteBuilder app)
    {
        var residents = app.TownEndpoints("/procedures").RequireAuthorization().WithTags("Procedures");
        residents.MapGet("/", ListPublishedAsync);
        residents.MapGet("/{key}", GetPublishedAsync);

        var console = app.TownEndpoints("/console/procedures").RequireAuthorization(AccessRules.Staff).WithTags("Procedures");
        console.MapGet("/", ListAllAsync);
        var admins = app.TownEndpoints("/console/procedures").RequireAuthorization(AccessRules.TownAdmins).WithTags("Procedures");
        admins.MapPost("/adoptions", AdoptAsync);
        admins.MapPost("/", CreateOwnAsync);
        admins.MapPut("/{key}/overrides", ChangeOverridesAsync);
        admins.MapPost("/{key}/publications", PublishAsync);
        admins.MapGet("/{key}/upgrade", PreviewUpgradeAsync);
        admins.MapPost("/{key}/upgrade", DecideUpgradeAsync);
        return app;
    }

    private static ProcedureSummary Summary(Procedure p) => new(
        p.Id, p.TitleJa is null ? null : new LocalizedText(p.TitleJa, p.TitleEn), p.PublishedVersion, p.RequiredAssurance,
        p.TemplateKey, p.TemplateVersion, p.OfferedTemplateVersion);

    private static async Task<IResult> ListPublishedAsync(IQuerySession session, CancellationToken ct) =>
        TypedResults.Ok((await session.Query<Procedure>().Where(p => p.PublishedVersion > 0).OrderBy(p => p.Id).ToListAsync(ct)).Select(Summary));

    private static async Task<IResult> ListAllAsync(IQuerySession session, CancellationToken ct) =>
        TypedResults.Ok((await session.Query<Procedure>().OrderBy(p => p.Id).ToListAsync(ct)).Select(Summary));

    /// <summary>The form residents fill in now: the current published version's definition.</summary>
    private static async Task<IResult> GetPublishedAsync(string key, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Procedure>(key, ct) is not { IsPublished: true } procedure)
        {
            return Problems.NotFound($"No published procedure '{key}' in this town.");
        }
        var form = await session.LoadAsync<PublishedForm>(PublishedForm.IdOf(key, procedure.PublishedVersion), ct);
        return Results.Text(form!.DefinitionJson, "application/json");
    }

    private static async Task<IResult> AdoptAsync(
        AdoptRequest request, HttpContext http, IDocumentStore store, Prefecture prefecture, CancellationToken ct)
    {
        var (outcome, version) = await AdoptTemplate.AdoptAsync(store, prefecture, CurrentTenant.Id, request.TemplateKey ?? "", Caller.Of(http).Id, ct);
        return outcome switch
        {
            AdoptTemplate.Outcome.NoSuchTemplate => Problems.Validation("templateKey", $"No prefecture template '{request.TemplateKey}'."),
            AdoptTemplate.Outcome.AlreadyAdopted => Problems.Conflict($"This town already has the procedure '{request.TemplateKey}'."),
            _ => TypedResults.Created($"/console/procedures/{request.TemplateKey}", new { key = request.TemplateKey, templateVersion = version }),
        };
    }

    private static async Task<IResult> CreateOwnAsync(HttpContext http, IDocumentSession session, CancellationToken ct)
    {
        if (await TemplatesApi.ReadDefinitionAsync(http, ct) is not { } read)
        {
            return Problems.Validation("definition", "The body must be a form definition (JSON).");
        }
        if (read.Error is { } error)
        {
            return Problems.Validation("definition", error);
        }
        var definition = read.Definition! with { Version = 1, BasedOn = null };
        if (DefinitionChecks.Check(definition) is { Count: > 0 } problems)
        {
            return problems.ToValidationProblem();
        }
        if (await session.LoadAsync<Procedure>(definition.Key, ct) is not null)
        {
            return Problems.Conflict($"This town already has the procedure '{definition.Key}'.");
        }
        session.Events.StartStream<Procedure>(definition.Key,
            new ProcedureCreated(definition.Key, FormJson.Write(definition), Caller.Of(http).Id, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/console/procedures/{definition.Key}", new { key = definition.Key });
    }

    private static async Task<IResult> ChangeOverridesAsync(string key, HttpContext http, IDocumentSession session, Prefecture prefectureOf, CancellationToken ct)
    {
        FormOverrides? overrides;
        try
        {
            overrides = await JsonSerializer.DeserializeAsync<FormOverrides>(http.Request.Body, FormJson.Options, ct);
        }
        catch (JsonException e)
        {
            return Problems.Validation("overrides", $"Not valid overrides: {e.Message}");
        }
        var stream = await session.Events.FetchForWriting<Procedure>(key, ct);
        if (stream.Aggregate is not { TemplateKey: not null })
        {
            return Problems.NotFound($"No procedure '{key}' adopted from a template in this town.");
        }
        var template = await LoadTemplateVersionAsync(session, prefectureOf, stream.Aggregate, stream.Aggregate.TemplateVersion!.Value, ct);
        var adapted = Adaptation.Apply(template, overrides ?? FormOverrides.None);
        if (!adapted.CanPublish || adapted.Conflicts.Any())
        {
            return adapted.Problems.Concat(adapted.Conflicts.Select(c => new DefinitionProblem(c.Path,
                    $"「{c.Field}」の変更はこの様式に当てはまりません。", $"The override of '{c.Field}' does not apply to the template.")))
                .ToValidationProblem();
        }
        stream.AppendOne(new OverridesChanged(JsonSerializer.Serialize(overrides ?? FormOverrides.None, FormJson.Options), Caller.Of(http).Id, DateTimeOffset.UtcNow));
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>The next version: the template version plus the town's overrides, or the town's own draft.</summary>
    private static async Task<IResult> PublishAsync(string key, HttpContext http, IDocumentSession session, Prefecture prefectureOf, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Procedure>(key, ct);
        if (stream.Aggregate is not { } procedure)
        {
            return Problems.NotFound($"No procedure '{key}' in this town.");
        }
        var version = procedure.PublishedVersion + 1;
        FormDefinition definition;
        if (procedure.TemplateKey is not null)
        {
            var template = await LoadTemplateVersionAsync(session, prefectureOf, procedure, procedure.TemplateVersion!.Value, ct);
            var adapted = Adaptation.Apply(template, procedure.Overrides, version);
            if (!adapted.CanPublish)
            {
                return adapted.Problems.ToValidationProblem();
            }
            definition = adapted.Definition with { Key = key, Version = version };
        }
        else
        {
            definition = FormJson.Read(procedure.OwnDefinitionJson!) with { Version = version };
        }
        Publish(session, stream, definition, procedure.TemplateKey is null ? null : procedure.TemplateVersion, Caller.Of(http).Id);
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/procedures/{key}", new { key, version });
    }

    private static void Publish(IDocumentSession session, JasperFx.Events.IEventStream<Procedure> stream, FormDefinition definition, int? templateVersion, string by)
    {
        var json = FormJson.Write(definition);
        session.Insert(new PublishedForm { Id = PublishedForm.IdOf(definition.Key, definition.Version), DefinitionJson = json });
        stream.AppendOne(new ProcedureVersionPublished(definition.Version, json, templateVersion, by, DateTimeOffset.UtcNow));
    }

    private static async Task<IResult> PreviewUpgradeAsync(string key, IDocumentSession session, Prefecture prefectureOf, CancellationToken ct)
    {
        if (await session.LoadAsync<Procedure>(key, ct) is not { OfferedTemplateVersion: { } offered, TemplateKey: not null } procedure)
        {
            return Problems.NotFound($"No template update is waiting for '{key}'.");
        }
        var current = await LoadTemplateVersionAsync(session, prefectureOf, procedure, procedure.TemplateVersion!.Value, ct);
        var next = await LoadTemplateVersionAsync(session, prefectureOf, procedure, offered, ct);
        return TypedResults.Ok(TemplateUpgrade.Preview(current, next, procedure.Overrides));
    }

    /// <summary><c>accept</c>: the new template version with the town's overrides re-applied, published; <c>keep</c>: stay.</summary>
    private static async Task<IResult> DecideUpgradeAsync(string key, UpgradeDecision decision, HttpContext http, IDocumentSession session, Prefecture prefectureOf, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Procedure>(key, ct);
        if (stream.Aggregate is not { OfferedTemplateVersion: { } offered, TemplateKey: not null } procedure)
        {
            return Problems.NotFound($"No template update is waiting for '{key}'.");
        }
        var by = Caller.Of(http).Id;
        switch (decision.Decision)
        {
            case "keep":
                stream.AppendOne(new TemplateUpdateKept(offered, by, DateTimeOffset.UtcNow));
                break;
            case "accept":
                var next = await LoadTemplateVersionAsync(session, prefectureOf, procedure, offered, ct);
                var adapted = TemplateUpgrade.Accept(next, procedure.Overrides, procedure.PublishedVersion + 1);
                if (!adapted.CanPublish)
                {
                    return adapted.Problems.ToValidationProblem();
                }
                Publish(session, stream, adapted.Definition with { Key = key, Version = procedure.PublishedVersion + 1 }, offered, by);
                break;
            default:
                return Problems.Validation("decision", "Either 'accept' (the new version with this town's changes) or 'keep' (this town's version).");
        }
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <summary>A version of the prefecture's template, from its stream (each version is an event).</summary>
    private static async Task<FormDefinition> LoadTemplateVersionAsync(IDocumentSession townSession, Prefecture prefectureOf, Procedure procedure, int version, CancellationToken ct)
    {
        using var scope = prefectureOf.Scope();
        await using var prefecture = townSession.DocumentStore.OpenTenantSession();
        var events = await prefecture.Events.FetchStreamAsync(procedure.TemplateKey!, token: ct);
        var published = events.Select(e => e.Data).OfType<TemplateVersionPublished>().Single(e => e.Version == version);
        return FormJson.Read(published.DefinitionJson);
    }
}
