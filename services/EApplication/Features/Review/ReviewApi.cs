using System.Text.Json;
using Marten;
using SharedServices.Contracts.EApplication;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Applications;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Review;

/// <summary>
/// The town console's side (審査): the queue of submitted applications filtered by procedure, status
/// and date; an application with its answers and full history; assignment; decisions (approve, reject,
/// return for correction, each with its integration event); internal comments; and applications made
/// at the counter on a resident's behalf (窓口代行), recording who acted for whom. Applications by a
/// helper (代理申請) show their channel and actor here like any other.
/// </summary>
public static class ReviewApi
{
    public sealed record AssignRequest(string? StaffId = null, string? StaffName = null);

    public sealed record DecisionRequest(string Outcome, string? Reason = null);

    public sealed record CommentRequest(string Text);

    public sealed record CounterRequest(string ProcedureKey, string ApplicantName);

    public sealed record QueueItem(
        string Id, string ProcedureKey, int FormVersion, string Status, string? ReceiptNumber, string ApplicantName,
        string Channel, string ActorName, string? AssigneeName, DateTimeOffset? SubmittedAt, DateTimeOffset? DecidedAt);

    public sealed record HistoryEntry(string What, DateTimeOffset At, string? By, string? Text);

    public const int MaxReasonLength = 2000;

    public static IEndpointRouteBuilder MapReviewApi(this IEndpointRouteBuilder app)
    {
        var staff = app.TownEndpoints("/console/applications").RequireAuthorization(AccessRules.Staff).WithTags("Review");
        staff.MapGet("/", QueueAsync);
        staff.MapGet("/{id}", DetailAsync);
        staff.MapPost("/{id}/assignment", AssignAsync);
        staff.MapPost("/{id}/decision", DecideAsync);
        staff.MapPost("/{id}/comments", CommentAsync);
        staff.MapPost("/counter", (CounterRequest request, HttpContext http, ApplicationSteps steps, CancellationToken ct) =>
            string.IsNullOrWhiteSpace(request.ApplicantName) || request.ApplicantName.Length > 100
                ? Task.FromResult(Problems.Validation("applicantName", "申請者の氏名を100文字以内で入力してください。 (The applicant's name (1–100 characters) is needed at the counter.)"))
                : steps.StartAsync(request.ProcedureKey, new(null, request.ApplicantName.Trim(), null), Caller.Of(http), ApplicationChannels.Counter, ct));
        staff.MapPut("/{id}/answers", async (string id, JsonElement answers, IDocumentSession session, ApplicationSteps steps, CancellationToken ct) =>
            await CounterStreamAsync(id, session, ct) is { } stream ? await steps.SaveAnswersAsync(stream, answers, ct) : NotFound(id));
        staff.MapPost("/{id}/submission", async (string id, IDocumentSession session, ApplicationSteps steps, CancellationToken ct) =>
            await CounterStreamAsync(id, session, ct) is { } stream ? await steps.SubmitAsync(stream, contactEmail: null, ct) : NotFound(id));
        return app;
    }

    private static IResult NotFound(string id) => Problems.NotFound($"No application '{id}' in this town.");

    private static async Task<JasperFx.Events.IEventStream<Application>?> CounterStreamAsync(string id, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Application>(id, ct);
        return stream.Aggregate is { Channel: ApplicationChannels.Counter } ? stream : null;
    }

    private static async Task<IResult> QueueAsync(
        string? procedure, string? status, DateOnly? from, DateOnly? to, IQuerySession session, CancellationToken ct)
    {
        // Drafts are their author's own, except the counter's: staff made those and must find them again.
        ApplicationStatus? wanted = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (!Enum.TryParse<ApplicationStatus>(status, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
            {
                return Problems.Validation("status", "One of Draft (the counter's), Submitted, Returned, Approved, Rejected, Withdrawn.");
            }
            wanted = parsed;
        }
        var drafts = wanted == ApplicationStatus.Draft;
        var query = drafts
            ? session.Query<Application>().Where(a => a.Status == ApplicationStatus.Draft && a.Channel == ApplicationChannels.Counter)
            : session.Query<Application>().Where(a => a.Status != ApplicationStatus.Draft);
        if (wanted is { } only && !drafts)
        {
            query = query.Where(a => a.Status == only);
        }
        if (!string.IsNullOrEmpty(procedure))
        {
            query = query.Where(a => a.ProcedureKey == procedure);
        }
        // Dates are of submission; a counter draft has none yet, so its start counts.
        if (from is { } fromDate)
        {
            var start = new DateTimeOffset(fromDate.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9));
            query = drafts ? query.Where(a => a.StartedAt >= start) : query.Where(a => a.SubmittedAt >= start);
        }
        if (to is { } toDate)
        {
            var end = new DateTimeOffset(toDate.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9));
            query = drafts ? query.Where(a => a.StartedAt < end) : query.Where(a => a.SubmittedAt < end);
        }
        query = drafts ? query.OrderBy(a => a.StartedAt) : query.OrderBy(a => a.SubmittedAt);
        var items = await query.Take(500).ToListAsync(ct);
        return TypedResults.Ok(items.Select(a => new QueueItem(a.Id, a.ProcedureKey, a.FormVersion, a.Status.ToString(), a.ReceiptNumber,
            a.ApplicantName, a.Channel, a.ActorName, a.AssigneeName, a.SubmittedAt, a.DecidedAt)));
    }

    private static async Task<IResult> DetailAsync(string id, IQuerySession session, CancellationToken ct)
    {
        if (await session.LoadAsync<Application>(id, ct) is not { } application || application.IsPrivateDraft)
        {
            return NotFound(id);
        }
        var events = await session.Events.FetchStreamAsync(id, token: ct);
        var history = events.Select(e => e.Data switch
        {
            ApplicationStarted s => new HistoryEntry("started", s.At, s.ActorName, s.Channel),
            Submitted s => new HistoryEntry("submitted", s.At, null, s.ReceiptNumber),
            Assigned a => new HistoryEntry("assigned", a.At, a.By, a.StaffName),
            ReturnedForCorrection r => new HistoryEntry("returned", r.At, r.By, r.Reason),
            Resubmitted r => new HistoryEntry("resubmitted", r.At, null, null),
            Approved a => new HistoryEntry("approved", a.At, a.By, a.Note),
            Rejected r => new HistoryEntry("rejected", r.At, r.By, r.Reason),
            Withdrawn w => new HistoryEntry("withdrawn", w.At, w.By, null),
            CommentAdded c => new HistoryEntry("comment", c.At, c.ByName, c.Text),
            _ => null,
        }).OfType<HistoryEntry>().ToList();
        return TypedResults.Ok(new
        {
            application.Id, application.ProcedureKey, application.FormVersion, Status = application.Status.ToString(),
            application.ReceiptNumber, application.ApplicantName, application.ApplicantId, application.ActorName, application.Channel, application.AuthorisationId,
            application.AssigneeId, application.AssigneeName, application.Reason, application.SubmittedAt, application.DecidedAt,
            Answers = JsonDocument.Parse(application.AnswersJson).RootElement,
            History = history,
        });
    }

    private static async Task<IResult> AssignAsync(string id, AssignRequest request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Application>(id, ct);
        if (stream.Aggregate is not { } application || application.Status == ApplicationStatus.Draft)
        {
            return NotFound(id);
        }
        var me = Caller.Of(http);
        var staffId = string.IsNullOrWhiteSpace(request.StaffId) ? me.Id : request.StaffId.Trim();
        var staffName = string.IsNullOrWhiteSpace(request.StaffName) ? me.Name : request.StaffName.Trim();
        if (staffId.Length > 64 || staffName.Length > 100)
        {
            return Problems.Validation("staffId", "A staff member's id (≤ 64) and name (≤ 100 characters).");
        }
        stream.AppendOne(new Assigned(staffId, staffName, me.Id, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> DecideAsync(string id, DecisionRequest request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var reason = request.Reason?.Trim();
        if (reason?.Length > MaxReasonLength)
        {
            return Problems.Validation("reason", $"At most {MaxReasonLength} characters.");
        }
        if (request.Outcome is "reject" or "return" && string.IsNullOrEmpty(reason))
        {
            return Problems.Validation("reason", "A rejection or a return for correction needs the reason the resident will read.");
        }
        var stream = await session.Events.FetchForWriting<Application>(id, ct);
        if (stream.Aggregate is not { } application || application.Status == ApplicationStatus.Draft)
        {
            return NotFound(id);
        }
        if (!application.AwaitsDecision)
        {
            return Problems.Conflict($"This application is {application.Status}: there is nothing to decide.");
        }
        var by = Caller.Of(http).Id;
        var now = clock.GetUtcNow();
        var town = CurrentTenant.Id;
        var submittedAt = application.SubmittedAt!.Value;
        switch (request.Outcome)
        {
            case "approve":
                stream.AppendMany(new Approved(reason, by, now),
                    new ApplicationApproved(town, id, application.ProcedureKey, application.ReceiptNumber!, submittedAt, now, application.ApplicantId));
                break;
            case "reject":
                stream.AppendMany(new Rejected(reason!, by, now),
                    new ApplicationRejected(town, id, application.ProcedureKey, application.ReceiptNumber!, submittedAt, now));
                break;
            case "return":
                stream.AppendMany(new ReturnedForCorrection(reason!, by, now),
                    new ApplicationReturned(town, id, application.ProcedureKey, application.ReceiptNumber!, submittedAt, now));
                break;
            default:
                return Problems.Validation("outcome", "One of approve, reject, return.");
        }
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<IResult> CommentAsync(string id, CommentRequest request, HttpContext http, IDocumentSession session, TimeProvider clock, CancellationToken ct)
    {
        var text = request.Text?.Trim() ?? "";
        if (text.Length is 0 or > MaxReasonLength)
        {
            return Problems.Validation("text", $"A comment of 1 to {MaxReasonLength} characters.");
        }
        var stream = await session.Events.FetchForWriting<Application>(id, ct);
        if (stream.Aggregate is not { } application || application.IsPrivateDraft)
        {
            return NotFound(id);
        }
        var me = Caller.Of(http);
        stream.AppendOne(new CommentAdded(text, me.Id, me.Name, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/console/applications/{id}", new { id });
    }
}
