using System.Text.Json;
using Marten;
using SharedServices.Contracts.EApplication;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Features;
using SharedServices.EApplication.Forms;
using SharedServices.EApplication.Procedures;
using SharedServices.EventStore;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Templates;

/// <summary>
/// The prefecture's shared templates (県 共通様式): towns' staff browse them to adopt one; the
/// prefecture's operators publish new versions, which are offered to every town that adopted it.
/// </summary>
public static class TemplatesApi
{
    public sealed record TemplateSummary(string Key, int Version, LocalizedText Title, AssuranceLevel RequiredAssurance);

    public static IEndpointRouteBuilder MapTemplatesApi(this IEndpointRouteBuilder app)
    {
        app.TownEndpoints("/console/templates").RequireAuthorization(AccessRules.Staff).WithTags("Templates")
            .MapGet("/", ListAsync);
        var prefecture = app.MapGroup("/prefecture/templates").RequireAuthorization(AccessRules.Operators).WithTags("Templates");
        prefecture.MapGet("/", ListAsync);
        prefecture.MapGet("/{key}", GetAsync);
        prefecture.MapPost("/{key}/versions", PublishAsync);
        prefecture.MapPost("/{key}/rollout", RollOutTemplate.RollOutAsync);
        prefecture.MapGet("/{key}/adoptions", RollOutTemplate.AdoptionsAsync);
        return app;
    }

    private static async Task<IResult> ListAsync(IDocumentStore store, Prefecture prefecture, CancellationToken ct)
    {
        await using var session = PrefectureSession(store, prefecture, out var scope);
        using (scope)
        {
            var templates = await session.Query<FormTemplate>().OrderBy(t => t.Id).ToListAsync(ct);
            return TypedResults.Ok(templates.Select(t =>
            {
                var definition = FormJson.Read(t.LatestDefinitionJson);
                return new TemplateSummary(t.Id, t.LatestVersion, definition.Title, definition.RequiredAssurance);
            }).ToList());
        }
    }

    private static async Task<IResult> GetAsync(string key, IDocumentStore store, Prefecture prefecture, CancellationToken ct)
    {
        await using var session = PrefectureSession(store, prefecture, out var scope);
        using (scope)
        {
            return await session.LoadAsync<FormTemplate>(key, ct) is { } template
                ? Results.Text(template.LatestDefinitionJson, "application/json")
                : Problems.NotFound($"No template '{key}'.");
        }
    }

    /// <summary>POST a whole definition: checked, then published as the next version of the template.</summary>
    private static async Task<IResult> PublishAsync(
        string key, HttpContext http, IDocumentStore store, Prefecture prefecture, CancellationToken ct)
    {
        if (http.User.FindFirst(TenantClaim.Type)?.Value != prefecture.Code)
        {
            return Problems.Result(StatusCodes.Status403Forbidden, "Operators only", "Only this prefecture's operators publish templates.");
        }
        if (await ReadDefinitionAsync(http, ct) is not { } read)
        {
            return Problems.Validation("definition", "The body must be a form definition (JSON).");
        }
        if (read.Error is { } error)
        {
            return Problems.Validation("definition", error);
        }
        await using var session = PrefectureSession(store, prefecture, out var scope);
        using (scope)
        {
            var stream = await session.Events.FetchForWriting<FormTemplate>(key, ct);
            var version = (stream.Aggregate?.LatestVersion ?? 0) + 1;
            var definition = read.Definition! with { Key = key, Version = version };
            if (DefinitionChecks.Check(definition) is { Count: > 0 } problems)
            {
                return problems.ToValidationProblem();
            }
            stream.AppendMany(
                new TemplateVersionPublished(key, version, FormJson.Write(definition), DateTimeOffset.UtcNow),
                new FormTemplatePublished(key, version));
            await session.SaveChangesAsync(ct);
            return TypedResults.Created($"/prefecture/templates/{key}", new TemplateSummary(key, version, definition.Title, definition.RequiredAssurance));
        }
    }

    public static async Task<(FormDefinition? Definition, string? Error)?> ReadDefinitionAsync(HttpContext http, CancellationToken ct)
    {
        if (!http.Request.HasJsonContentType())
        {
            return null;
        }
        using var reader = new StreamReader(http.Request.Body);
        var json = await reader.ReadToEndAsync(ct);
        return FormJson.TryRead(json, out var definition, out var error) ? (definition, null) : (null, error);
    }

    private static IDocumentSession PrefectureSession(IDocumentStore store, Prefecture prefecture, out IDisposable scope)
    {
        scope = prefecture.Scope();
        return store.OpenTenantSession();
    }
}
