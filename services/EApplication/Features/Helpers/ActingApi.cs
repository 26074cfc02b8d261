using System.Text.Json;
using JasperFx.Events;
using Marten;
using SharedServices.Contracts.EApplication;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Applications;
using SharedServices.EApplication.Attachments;
using SharedServices.EApplication.Helpers;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Helpers;

/// <summary>
/// A registered helper acts for the residents who authorised them (代理申請): lists them, starts an
/// application for one (applicant the resident, actor the helper, channel helper; the form's
/// required assurance checked against the resident's recorded level), fills it in, attaches files and
/// submits, with the same steps as residents and staff. Every step needs the mandate still in force:
/// helper registered and authorisation neither expired nor revoked (403 otherwise, nothing changes).
/// Applications of anyone else are "not found".
/// </summary>
public static class ActingApi
{
    public sealed record StartRequest(string? AuthorisationId = null, string? ProcedureKey = null);

    public sealed record ResidentItem(string AuthorisationId, string ResidentName, DateTimeOffset Until, string ResidentAssurance);

    public sealed record ApplicationItem(
        string Id, string ProcedureKey, int FormVersion, string ResidentName, string AuthorisationId, string Status,
        string? ReceiptNumber, DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt);

    public sealed record ApplicationView(
        string Id, string ProcedureKey, int FormVersion, string ResidentName, string AuthorisationId, string Status,
        string? ReceiptNumber, string? Reason, DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, JsonElement Answers);

    public static IEndpointRouteBuilder MapActingApi(this IEndpointRouteBuilder app)
    {
        var helpers = app.TownEndpoints("/helping").RequireAuthorization(AccessRules.Residents).WithTags("Helpers");
        helpers.MapGet("/residents", ResidentsAsync);
        helpers.MapGet("/applications", ApplicationsAsync);
        helpers.MapPost("/applications", StartAsync);
        helpers.MapGet("/applications/{id}", (string id, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct) =>
            ActAsync(id, http, session, clock, (stream, _) => Task.FromResult<IResult>(View(stream.Aggregate!)), ct));
        helpers.MapPut("/applications/{id}/answers", (string id, JsonElement answers, HttpContext http, IDocumentSession session, TimeProvider clock, ApplicationSteps steps, CancellationToken ct) =>
            ActAsync(id, http, session, clock, (stream, _) => steps.SaveAnswersAsync(stream, answers, ct), ct));
        helpers.MapPost("/applications/{id}/submission", (string id, HttpContext http, IDocumentSession session, TimeProvider clock, ApplicationSteps steps, CancellationToken ct) =>
            ActAsync(id, http, session, clock, (stream, mandate) => steps.SubmitAsync(stream, mandate.Authorisation.ResidentEmail, ct), ct));
        helpers.MapPost("/applications/{id}/attachments", (string id, string? field, HttpContext http, IDocumentSession session, TimeProvider clock, AttachmentSteps steps, CancellationToken ct) =>
            ActAsync(id, http, session, clock, (stream, _) => steps.UploadAsync(stream, field, http, ct), ct))
            .DisableAntiforgery(); // bearer tokens, no cookies: nothing for a cross-site form to ride on
        helpers.MapGet("/applications/{id}/attachments", (string id, HttpContext http, IDocumentSession session, TimeProvider clock, AttachmentSteps steps, CancellationToken ct) =>
            ActAsync(id, http, session, clock, (_, _) => steps.ListAsync(id, ct), ct));
        helpers.MapGet("/applications/{id}/attachments/{attachmentId}", (string id, string attachmentId, HttpContext http, IDocumentSession session, TimeProvider clock, AttachmentSteps steps, CancellationToken ct) =>
            ActAsync(id, http, session, clock, async (_, _) => await steps.DownloadAsync(id, attachmentId, http, ct)
                ?? Problems.NotFound($"The application has no attachment '{attachmentId}'."), ct));
        helpers.MapDelete("/applications/{id}/attachments/{attachmentId}", (string id, string attachmentId, HttpContext http, IDocumentSession session, TimeProvider clock, AttachmentSteps steps, CancellationToken ct) =>
            ActAsync(id, http, session, clock, async (stream, _) => await steps.RemoveAsync(stream, attachmentId, http, ct)
                ?? Problems.NotFound($"The application has no attachment '{attachmentId}'."), ct));
        return app;
    }

    private static IResult NotFound(string id) => Problems.NotFound($"You have no application '{id}' made for a resident in this town.");

    /// <summary>Runs <paramref name="act"/> on the helper's own application, only while the mandate it was made under is in force.</summary>
    private static async Task<IResult> ActAsync(
        string id, HttpContext http, IDocumentSession session, TimeProvider clock, Func<IEventStream<Application>, Mandate, Task<IResult>> act, CancellationToken ct)
    {
        var me = Caller.Of(http);
        var stream = await session.Events.FetchForWriting<Application>(id, ct);
        if (stream.Aggregate is not { Channel: ApplicationChannels.Helper } application || application.ActorId != me.Id)
        {
            return NotFound(id);
        }
        var (mandate, refusal) = await Mandate.FindAsync(session, me, application.AuthorisationId, clock.GetUtcNow(), ct);
        return refusal ?? await act(stream, mandate!);
    }

    private static async Task<IResult> ResidentsAsync(HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        if (await Mandate.RegisteredHelperAsync(session, Caller.Of(http), ct) is not { } helper)
        {
            return Mandate.NotAHelper();
        }
        var now = clock.GetUtcNow();
        var authorisations = await session.Query<Authorisation>()
            .Where(a => a.HelperId == helper.Id && a.RevokedAt == null && a.Until > now)
            .OrderBy(a => a.ResidentName)
            .ToListAsync(ct);
        return TypedResults.Ok(authorisations.Select(a => new ResidentItem(a.Id, a.ResidentName, a.Until, a.ResidentAssurance.ToString())));
    }

    /// <summary>What the helper made for residents whose authorisation is still in force; the rest is no longer theirs to see.</summary>
    private static async Task<IResult> ApplicationsAsync(HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken ct)
    {
        var me = Caller.Of(http);
        if (await Mandate.RegisteredHelperAsync(session, me, ct) is not { } helper)
        {
            return Mandate.NotAHelper();
        }
        var now = clock.GetUtcNow();
        var active = (await session.Query<Authorisation>()
            .Where(a => a.HelperId == helper.Id && a.RevokedAt == null && a.Until > now)
            .Select(a => a.Id)
            .ToListAsync(ct)).ToHashSet();
        var made = await session.Query<Application>()
            .Where(a => a.ActorId == me.Id && a.Channel == ApplicationChannels.Helper)
            .OrderByDescending(a => a.StartedAt)
            .Take(500)
            .ToListAsync(ct);
        return TypedResults.Ok(made.Where(a => active.Contains(a.AuthorisationId!)).Select(a => new ApplicationItem(
            a.Id, a.ProcedureKey, a.FormVersion, a.ApplicantName, a.AuthorisationId!, a.Status.ToString(), a.ReceiptNumber, a.StartedAt, a.SubmittedAt, a.DecidedAt)));
    }

    private static async Task<IResult> StartAsync(StartRequest request, HttpContext http, IQuerySession session, TimeProvider clock, ApplicationSteps steps, CancellationToken ct)
    {
        var me = Caller.Of(http);
        var (mandate, refusal) = await Mandate.FindAsync(session, me, request.AuthorisationId, clock.GetUtcNow(), ct);
        if (mandate is not { Authorisation: var authorisation, Helper: var helper })
        {
            return refusal!;
        }
        // The resident is the applicant, at the level they had when they authorised; the helper acts, under their registered name.
        return await steps.StartAsync(request.ProcedureKey,
            new(authorisation.ResidentId, authorisation.ResidentName, authorisation.ResidentAssurance),
            me with { Name = helper.Name }, ApplicationChannels.Helper, ct, authorisation.Id);
    }

    private static Microsoft.AspNetCore.Http.HttpResults.Ok<ApplicationView> View(Application a) => TypedResults.Ok(new ApplicationView(
        a.Id, a.ProcedureKey, a.FormVersion, a.ApplicantName, a.AuthorisationId!, a.Status.ToString(), a.ReceiptNumber, a.Reason,
        a.StartedAt, a.SubmittedAt, a.DecidedAt, JsonDocument.Parse(a.AnswersJson).RootElement));
}
