using System.Text.Json;
using System.Text.Json.Nodes;
using Marten;
using JasperFx.Events;
using SharedServices.Contracts.EApplication;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Attachments;
using SharedServices.EApplication.Forms;
using SharedServices.EApplication.Procedures;
using SharedServices.Tenancy;
using SharedServices.Web;

namespace SharedServices.EApplication.Applications;

/// <summary>
/// The steps of an application that residents online, staff at the counter and helpers share: start one
/// against the procedure's current version (pinned for good), save answers, submit (validated against
/// that exact version; a receipt number the first time), each with its integration event.
/// </summary>
public sealed class ApplicationSteps(IDocumentSession session, PublishedProcedures procedures, PublishedForms forms, ReceiptNumbers receipts, TimeProvider clock)
{
    /// <summary>Japan's date: what "today" means for a date rule on a town's form.</summary>
    public DateOnly TodayInJapan => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(TimeSpan.FromHours(9)).DateTime);

    /// <summary>Who an application is for. <paramref name="Assurance"/>: their assurance level; null when staff checked who they are in person.</summary>
    public sealed record Applicant(string? Id, string Name, AssuranceLevel? Assurance);

    /// <param name="authorisationId">The resident's authorisation (委任) a helper acts under.</param>
    public async Task<IResult> StartAsync(string? procedureKey, Applicant applicant, Caller actor, string channel, CancellationToken ct, string? authorisationId = null)
    {
        var (procedure, refusal) = await PublishedProcedureAsync(procedureKey, applicant, channel, ct);
        if (procedure is null)
        {
            return refusal!;
        }
        var id = Guid.NewGuid().ToString("N");
        session.Events.StartStream<Application>(id, new ApplicationStarted(
            id, procedure.Id, procedure.PublishedVersion, applicant.Id, applicant.Name, actor.Id, actor.Name, channel, clock.GetUtcNow(), authorisationId));
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/applications/{id}", new { id, procedureKey = procedure.Id, formVersion = procedure.PublishedVersion });
    }

    /// <summary>
    /// Starts and submits at once, for a client that has the whole form (no files: they are uploaded to
    /// a started application). Checked exactly as a submission; when refused nothing is stored.
    /// </summary>
    public async Task<IResult> StartAndSubmitAsync(string? procedureKey, JsonElement answers, Applicant applicant, Caller actor, string channel, string? contactEmail, CancellationToken ct)
    {
        if (answers.ValueKind != JsonValueKind.Object)
        {
            return Problems.Validation("answers", "The answers must be a JSON object keyed by field.");
        }
        var (procedure, refusal) = await PublishedProcedureAsync(procedureKey, applicant, channel, ct);
        if (procedure is null)
        {
            return refusal!;
        }
        var id = Guid.NewGuid().ToString("N");
        var raw = answers.GetRawText();
        var (checkedAnswers, _, problem) = await CheckAnswersAsync(id, procedure.Id, procedure.PublishedVersion, raw, ct);
        if (problem is not null)
        {
            return problem;
        }
        var now = clock.GetUtcNow();
        // No AnswersSaved before it: Submitted carries the checked answers, and one copy of a
        // resident's answers per submission is all the stream needs to hold (and to mask).
        var receipt = await receipts.NextAsync(CurrentTenant.Id, JapanYear(now), ct);
        session.Events.StartStream<Application>(id,
            new ApplicationStarted(id, procedure.Id, procedure.PublishedVersion, applicant.Id, applicant.Name, actor.Id, actor.Name, channel, now),
            new Submitted(receipt, checkedAnswers!, now, contactEmail),
            new ApplicationSubmitted(CurrentTenant.Id, id, procedure.Id, procedure.PublishedVersion, receipt, channel, now));
        await session.SaveChangesAsync(ct);
        return TypedResults.Created($"/applications/{id}", new { id, procedureKey = procedure.Id, formVersion = procedure.PublishedVersion, receiptNumber = receipt, status = nameof(ApplicationStatus.Submitted) });
    }

    /// <summary>The town's published procedure, if the applicant's assurance level is enough for it; else why not.</summary>
    private async Task<(Procedure? Procedure, IResult? Refusal)> PublishedProcedureAsync(string? procedureKey, Applicant applicant, string channel, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(procedureKey) || await procedures.FindAsync(session, procedureKey, ct) is not { } procedure)
        {
            return (null, Problems.Validation("procedureKey", $"この団体で公開されている手続きを選んでください。 (No published procedure '{procedureKey}' in this town.)"));
        }
        // The applicant's level, never the actor's: a helper's own verification says nothing of the resident.
        if (applicant.Assurance < procedure.RequiredAssurance)
        {
            return (null, Problems.Result(StatusCodes.Status403Forbidden, "Identity verification needed", channel == ApplicationChannels.Helper
                ? "この手続きには、ご本人の本人確認が必要です。ご本人がマイナンバーカードで本人確認をしてから、改めて委任してください。(This procedure needs the resident's identity verification: they verify with their My Number Card, then authorise you again.)"
                : procedure.RequiredAssurance == AssuranceLevel.Ial3
                    ? "この手続きには、マイナンバーカードによる本人確認が必要です。マイページの「本人確認」から確認してください。(This procedure needs identity verification with your My Number Card: verify it from your page first.)"
                    : "この手続きには、本人確認が必要です。窓口で申請するか、マイナンバーカードで本人確認をしてください。(This procedure needs identity verification: apply at the counter, or verify with your My Number Card.)"));
        }
        return (procedure, null);
    }

    /// <summary>Saves a draft (or the correction of a returned one): a JSON object, checked only on submit.</summary>
    public async Task<IResult> SaveAnswersAsync(IEventStream<Application> stream, JsonElement answers, CancellationToken ct)
    {
        if (answers.ValueKind != JsonValueKind.Object)
        {
            return Problems.Validation("answers", "The answers must be a JSON object keyed by field.");
        }
        if (!stream.Aggregate!.IsOpenForResident)
        {
            return Problems.Conflict($"This application is {stream.Aggregate.Status}: its answers can no longer be changed.");
        }
        stream.AppendOne(new AnswersSaved(answers.GetRawText(), clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    /// <param name="contactEmail">The resident's mail address when they submit online (their receipt is mailed there); null at the counter.</param>
    public async Task<IResult> SubmitAsync(IEventStream<Application> stream, string? contactEmail, CancellationToken ct)
    {
        var application = stream.Aggregate!;
        if (!application.IsOpenForResident)
        {
            return Problems.Conflict($"This application is {application.Status}: it cannot be submitted again.");
        }
        var (answers, referenced, problem) = await CheckAnswersAsync(application.Id, application.ProcedureKey, application.FormVersion, application.AnswersJson, ct);
        if (problem is not null)
        {
            return problem;
        }
        var now = clock.GetUtcNow();
        foreach (var attachment in referenced.Where(a => a.SubmittedAt is null))
        {
            attachment.SubmittedAt = now;
            session.Store(attachment);
        }
        if (application.Status == ApplicationStatus.Returned)
        {
            stream.AppendOne(new Resubmitted(answers!, now));
            await session.SaveChangesAsync(ct);
            return TypedResults.Ok(new { id = application.Id, receiptNumber = application.ReceiptNumber, status = nameof(ApplicationStatus.Submitted) });
        }
        var receipt = await receipts.NextAsync(CurrentTenant.Id, JapanYear(now), ct);
        stream.AppendMany(
            new Submitted(receipt, answers!, now, contactEmail),
            new ApplicationSubmitted(CurrentTenant.Id, application.Id, application.ProcedureKey, application.FormVersion, receipt, application.Channel, now));
        await session.SaveChangesAsync(ct);
        return TypedResults.Ok(new { id = application.Id, receiptNumber = receipt, status = nameof(ApplicationStatus.Submitted) });
    }

    /// <summary>
    /// The answers checked against the exact form version (its JSON Schema and rules), file answers
    /// naming files uploaded for this application and field: the normalised answers and those files, or
    /// the problems by field.
    /// </summary>
    private async Task<(string? Answers, IReadOnlyList<Attachment> Referenced, IResult? Problem)> CheckAnswersAsync(
        string applicationId, string procedureKey, int formVersion, string answersJson, CancellationToken ct)
    {
        var validator = await forms.FindAsync(session, procedureKey, formVersion, ct)
            ?? throw new InvalidOperationException($"The form {procedureKey}@{formVersion} an application was started on is missing.");
        var check = validator.Validate(answersJson, TodayInJapan);
        var files = await AttachmentReferences.CheckAsync(session, applicationId, validator.Definition,
            check.Answers ?? JsonNode.Parse(answersJson) as JsonObject ?? new JsonObject(), ct);
        var errors = check.Errors.Concat(files.Errors.Where(f => !check.Errors.Any(e => e.Field == f.Field))).ToList();
        return errors.Count > 0
            ? (null, [], Problems.Validation(errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => $"{e.MessageJa} ({e.MessageEn})").ToArray())))
            : (check.Answers!.ToJsonString(), files.Referenced, null);
    }

    private static int JapanYear(DateTimeOffset at) => at.ToOffset(TimeSpan.FromHours(9)).Year;

    public static JsonNode? Answers(Application application) => JsonNode.Parse(application.AnswersJson);
}
