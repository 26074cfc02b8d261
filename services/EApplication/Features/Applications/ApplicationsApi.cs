using System.Text.Json;
using Marten;
using SharedServices.Contracts.EApplication;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Applications;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Applications;

/// <summary>
/// A resident's applications (申請) in their town: start one, save the answers as a draft, submit,
/// follow its status, correct and resubmit it when returned, withdraw it before a decision. Applications
/// a helper made for them (代理申請) are theirs too: they follow and may withdraw them, while the helper
/// fills them in. A resident sees only their own: anyone else's is "not found", so not even its existence shows.
/// </summary>
public static class ApplicationsApi
{
    /// <param name="Answers">With <paramref name="Submit"/>: the whole form's answers, submitted at once.</param>
    /// <param name="Submit">Start and submit in one request (no files), for a client that has the whole form.</param>
    public sealed record StartRequest(string ProcedureKey, JsonElement? Answers = null, bool Submit = false);

    /// <param name="ActorName">Who filled it in: the resident, or the helper acting for them.</param>
    public sealed record ResidentView(
        string Id, string ProcedureKey, int FormVersion, string Channel, string ActorName, string Status, string? ReceiptNumber, string? Reason,
        DateTimeOffset StartedAt, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt, JsonElement Answers,
        IReadOnlyList<HistoryEntry> History);

    /// <param name="By">Who acted, when it was someone else for the resident (a helper).</param>
    public sealed record HistoryEntry(string What, DateTimeOffset At, string? Reason, string? By = null);

    public static IEndpointRouteBuilder MapApplicationsApi(this IEndpointRouteBuilder app)
    {
        var residents = app.TownEndpoints("/applications").RequireAuthorization(AccessRules.Residents).WithTags("Applications");
        residents.MapPost("/", (StartRequest request, HttpContext http, ApplicationSteps steps, CancellationToken ct) =>
        {
            var caller = Caller.Of(http);
            var applicant = new ApplicationSteps.Applicant(caller.Id, caller.Name, caller.Assurance);
            return request.Submit
                ? steps.StartAndSubmitAsync(request.ProcedureKey, request.Answers ?? default, applicant, caller, ApplicationChannels.Online, caller.Email, ct)
                : request.Answers is null
                    ? steps.StartAsync(request.ProcedureKey, applicant, caller, ApplicationChannels.Online, ct)
                    : Task.FromResult(Problems.Validation("answers", "Answers come with \"submit\": true, or later as a draft (PUT /applications/{id}/answers)."));
        });
        residents.MapGet("/", MineAsync);
        residents.MapGet("/{id}", GetAsync);
        residents.MapPut("/{id}/answers", async (string id, JsonElement answers, HttpContext http, IDocumentSession session, ApplicationSteps steps, CancellationToken ct) =>
            await OwnStreamAsync(id, http, session, ct) is { Aggregate.Channel: ApplicationChannels.Online } stream ? await steps.SaveAnswersAsync(stream, answers, ct) : NotFound(id));
        residents.MapPost("/{id}/submission", async (string id, HttpContext http, IDocumentSession session, ApplicationSteps steps, CancellationToken ct) =>
            await OwnStreamAsync(id, http, session, ct) is { Aggregate.Channel: ApplicationChannels.Online } stream ? await steps.SubmitAsync(stream, Caller.Of(http).Email, ct) : NotFound(id));
        residents.MapPost("/{id}/withdrawal", WithdrawAsync);
        return app;
    }

    private static IResult NotFound(string id) => Problems.NotFound($"You have no application '{id}' in this town.");

    private static async Task<JasperFx.Events.IEventStream<Application>?> OwnStreamAsync(string id, HttpContext http, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Application>(id, ct);
        return stream.Aggregate is { } application && IsOwn(application, http) ? stream : null;
    }

    /// <summary>Made by the resident online or by a helper for them; not a counter application, which has no account.</summary>
    public static bool IsOwn(Application application, HttpContext http) =>
        application.Channel is ApplicationChannels.Online or ApplicationChannels.Helper && application.ApplicantId == Caller.Of(http).Id;

    private static async Task<IResult> MineAsync(HttpContext http, IQuerySession session, CancellationToken ct)
    {
        var me = Caller.Of(http).Id;
        var mine = await session.Query<Application>()
            .Where(a => a.ApplicantId == me && (a.Channel == ApplicationChannels.Online || a.Channel == ApplicationChannels.Helper))
            .OrderByDescending(a => a.StartedAt)
            .ToListAsync(ct);
        return TypedResults.Ok(mine.Select(a => new { a.Id, a.ProcedureKey, a.FormVersion, a.Channel, a.ActorName, Status = a.Status.ToString(), a.ReceiptNumber, a.StartedAt, a.SubmittedAt, a.DecidedAt }));
    }

    private static async Task<IResult> GetAsync(string id, HttpContext http, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Application>(id, ct) is not { } application || !IsOwn(application, http))
        {
            return NotFound(id);
        }
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        // What the resident may see of the history: no internal comments or assignments. On the helper
        // channel only the helper fills in and submits, so those steps are theirs.
        var helper = application.Channel == ApplicationChannels.Helper ? application.ActorName : null;
        var history = events.Select(e => e.Data switch
        {
            ApplicationStarted s => new HistoryEntry("started", s.At, null, helper),
            Submitted s => new HistoryEntry("submitted", s.At, null, helper),
            ReturnedForCorrection r => new HistoryEntry("returned", r.At, r.Reason),
            Resubmitted r => new HistoryEntry("resubmitted", r.At, null, helper),
            Approved a => new HistoryEntry("approved", a.At, a.Note),
            Rejected r => new HistoryEntry("rejected", r.At, r.Reason),
            Withdrawn w => new HistoryEntry("withdrawn", w.At, null),
            _ => null,
        }).OfType<HistoryEntry>().ToList();
        return TypedResults.Ok(new ResidentView(application.Id, application.ProcedureKey, application.FormVersion, application.Channel, application.ActorName, application.Status.ToString(),
            application.ReceiptNumber, application.Reason, application.StartedAt, application.SubmittedAt, application.DecidedAt,
            JsonDocument.Parse(application.AnswersJson).RootElement, history));
    }

    private static async Task<IResult> WithdrawAsync(string id, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        if (await OwnStreamAsync(id, http, session, ct) is not { } stream)
        {
            return NotFound(id);
        }
        if (stream.Aggregate!.Status is not (ApplicationStatus.Draft or ApplicationStatus.Submitted or ApplicationStatus.Returned))
        {
            return Problems.Conflict($"This application is {stream.Aggregate.Status}: it can no longer be withdrawn.");
        }
        stream.AppendOne(new Withdrawn(Caller.Of(http).Id, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
