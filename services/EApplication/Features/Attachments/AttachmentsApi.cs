using Marten;
using SharedServices.Contracts.EApplication;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Applications;
using SharedServices.EApplication.Attachments;
using SharedServices.EApplication.Features.Applications;
using SharedServices.EApplication.Forms;
using SharedServices.Web;

namespace SharedServices.EApplication.Features.Attachments;

/// <summary>
/// Attachments (添付ファイル) of an application, for its file fields. A resident uploads to their own
/// online application while it is a draft or returned, then puts the id into the field's answer;
/// staff do the same for counter applications (窓口代行) and download any application's files they may
/// see. Everything else is "not found", like the application itself.
/// </summary>
public static class AttachmentsApi
{
    public static IEndpointRouteBuilder MapAttachmentsApi(this IEndpointRouteBuilder app)
    {
        var residents = app.TownEndpoints("/applications/{id}/attachments").RequireAuthorization(AccessRules.Residents).WithTags("Attachments");
        residents.MapPost("/", async (string id, string? field, HttpContext http, IDocumentSession session, AttachmentSteps steps, CancellationToken ct) =>
            await OwnStreamAsync(id, http, session, ct) is { } stream ? await steps.UploadAsync(stream, field, http, ct) : NotFound(id))
            .AcceptsBodiesUpTo(FileLimits.PlatformMaxBytes + AttachmentSteps.MultipartOverhead)
            .DisableAntiforgery(); // bearer tokens, no cookies: nothing for a cross-site form to ride on
        residents.MapGet("/", async (string id, HttpContext http, IQuerySession session, AttachmentSteps steps, CancellationToken ct) =>
            await session.LoadAsync<Application>(id, ct) is { } application && IsOwn(application, http) ? await steps.ListAsync(id, ct) : NotFound(id));
        residents.MapGet("/{attachmentId}", async (string id, string attachmentId, HttpContext http, IQuerySession session, AttachmentSteps steps, CancellationToken ct) =>
            await session.LoadAsync<Application>(id, ct) is { } application && IsOwn(application, http)
                ? await steps.DownloadAsync(id, attachmentId, http, ct) ?? NoFile(attachmentId)
                : NotFound(id));
        residents.MapDelete("/{attachmentId}", async (string id, string attachmentId, HttpContext http, IDocumentSession session, AttachmentSteps steps, CancellationToken ct) =>
            await OwnStreamAsync(id, http, session, ct) is { } stream ? await steps.RemoveAsync(stream, attachmentId, http, ct) ?? NoFile(attachmentId) : NotFound(id));

        var staff = app.TownEndpoints("/console/applications/{id}/attachments").RequireAuthorization(AccessRules.Staff).WithTags("Attachments");
        staff.MapPost("/", async (string id, string? field, HttpContext http, IDocumentSession session, AttachmentSteps steps, CancellationToken ct) =>
            await CounterStreamAsync(id, session, ct) is { } stream ? await steps.UploadAsync(stream, field, http, ct) : NotFound(id))
            .AcceptsBodiesUpTo(FileLimits.PlatformMaxBytes + AttachmentSteps.MultipartOverhead)
            .DisableAntiforgery();
        staff.MapGet("/", async (string id, IQuerySession session, AttachmentSteps steps, CancellationToken ct) =>
            await session.LoadAsync<Application>(id, ct) is { } application && StaffMaySee(application) ? await steps.ListAsync(id, ct) : NotFound(id));
        staff.MapGet("/{attachmentId}", async (string id, string attachmentId, HttpContext http, IQuerySession session, AttachmentSteps steps, CancellationToken ct) =>
            await session.LoadAsync<Application>(id, ct) is { } application && StaffMaySee(application)
                ? await steps.DownloadAsync(id, attachmentId, http, ct) ?? NoFile(attachmentId)
                : NotFound(id));
        staff.MapDelete("/{attachmentId}", async (string id, string attachmentId, HttpContext http, IDocumentSession session, AttachmentSteps steps, CancellationToken ct) =>
            await CounterStreamAsync(id, session, ct) is { } stream ? await steps.RemoveAsync(stream, attachmentId, http, ct) ?? NoFile(attachmentId) : NotFound(id));
        return app;
    }

    private static IResult NotFound(string id) => Problems.NotFound($"No application '{id}' in this town that you may see.");

    private static IResult NoFile(string attachmentId) => Problems.NotFound($"The application has no attachment '{attachmentId}'.");

    /// <summary>Reading: their own online applications and those a helper made for them.</summary>
    private static bool IsOwn(Application application, HttpContext http) => ApplicationsApi.IsOwn(application, http);

    /// <summary>As in the review console: a resident's online draft is theirs alone until submitted.</summary>
    private static bool StaffMaySee(Application application) => !application.IsPrivateDraft;

    /// <summary>Changing: their own online applications only (a helper's application is the helper's to fill in).</summary>
    private static async Task<JasperFx.Events.IEventStream<Application>?> OwnStreamAsync(string id, HttpContext http, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Application>(id, ct);
        return stream.Aggregate is { Channel: ApplicationChannels.Online } application && IsOwn(application, http) ? stream : null;
    }

    private static async Task<JasperFx.Events.IEventStream<Application>?> CounterStreamAsync(string id, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Application>(id, ct);
        return stream.Aggregate is { Channel: ApplicationChannels.Counter } ? stream : null;
    }
}
