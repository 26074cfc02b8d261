using System.Security.Cryptography;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Http.Features;
using SharedServices.EApplication.Access;
using SharedServices.EApplication.Applications;
using SharedServices.EApplication.Forms;
using SharedServices.Web;

namespace SharedServices.EApplication.Attachments;

/// <summary>
/// What residents online and staff at the counter share about attachments: upload one file for a
/// file field of an open application (checked against the pinned form version's limits, the bytes
/// sniffed, scanned, then stored with an event on the application), list, download and remove.
/// Who may touch which application is the caller's check.
/// </summary>
public sealed class AttachmentSteps(IDocumentSession session, PublishedForms forms, IAttachmentScanner scanner, TimeProvider clock)
{
    /// <summary>Room for the multipart boundaries and part headers around the file.</summary>
    public const long MultipartOverhead = 64 * 1024;

    public const int MaxFileNameLength = 200;

    public sealed record Uploaded(string Id, string Field, string FileName, string ContentType, long Size);

    public sealed record Listed(string Id, string Field, string FileName, string ContentType, long Size, DateTimeOffset UploadedAt, bool Submitted);

    public async Task<IResult> UploadAsync(IEventStream<Application> stream, string? field, HttpContext http, CancellationToken ct)
    {
        var application = stream.Aggregate!;
        if (string.IsNullOrWhiteSpace(field))
        {
            return Problems.Validation("field", "Name the file field the file is for: ?field={fieldKey}.");
        }
        if (!application.IsOpenForResident)
        {
            return Problems.Conflict($"This application is {application.Status}: files can no longer be added.");
        }
        var form = (await forms.FindAsync(session, application.ProcedureKey, application.FormVersion, ct))?.Definition
            ?? throw new InvalidOperationException($"The form {application.ProcedureKey}@{application.FormVersion} an application was started on is missing.");
        if (form.FileLimitsFor(field) is not { } limits)
        {
            return Problems.Validation("field", form.FindField(field) is null
                ? $"The form has no field '{field}'."
                : $"The field '{field}' does not take files.");
        }
        var pending = await session.Query<Attachment>()
            .CountAsync(a => a.ApplicationId == application.Id && a.Field == field && a.SubmittedAt == null, ct);
        if (pending >= limits.MaxFiles)
        {
            return Problems.Conflict($"The field '{field}' already has {pending} file(s), its most: remove one first.");
        }

        // The service takes 256 KB bodies; this request may bring the field's largest file, no more.
        var bodyLimit = limits.MaxBytes + MultipartOverhead;
        var bodySize = http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature ? feature : null;
        if (http.Request.ContentLength is { } announced && announced > bodyLimit)
        {
            OversizedBodies.DrainAfterRefusal(http); // refused unread: the client still sending gets the 413
            return TooLarge(limits);
        }
        if (bodySize is not null)
        {
            bodySize.MaxRequestBodySize = bodyLimit;
        }
        if (!http.Request.HasFormContentType)
        {
            return Problems.Result(StatusCodes.Status415UnsupportedMediaType, "Multipart form data expected",
                "Send the file as multipart/form-data with one file part.");
        }
        IFormCollection formData;
        try
        {
            formData = await http.Request.ReadFormAsync(ct);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return TooLarge(limits);
        }
        catch (Exception e) when (e is BadHttpRequestException or InvalidDataException or IOException)
        {
            // A malformed or truncated multipart body (or a client gone mid-upload): the input is at fault.
            return Problems.Validation("file", $"The multipart body could not be read: {e.Message}");
        }
        if (formData.Files is not [var file])
        {
            return Problems.Validation("file", "Send exactly one file.");
        }
        if (file.Length == 0)
        {
            return Problems.Validation("file", "The file is empty.");
        }
        if (file.Length > limits.MaxBytes)
        {
            return TooLarge(limits);
        }

        var bytes = new byte[file.Length];
        await using (var read = file.OpenReadStream())
        {
            await read.ReadExactlyAsync(bytes, ct);
        }
        var detected = FileSignatures.Detect(bytes.AsSpan(0, (int)Math.Min(bytes.Length, FileSignatures.HeadLength)));
        var declared = FileSignatures.Normalise(file.ContentType) is { Length: > 0 } type ? type : detected ?? "";
        if (!limits.Allows(declared, bytes.Length))
        {
            var allowed = string.Join(", ", limits.AllowedContentTypes);
            return Problems.Validation("file", declared.Length == 0
                ? $"ファイルの形式がわかりません。添付できる形式: {allowed} (The file's type is unknown; accepted: {allowed}.)"
                : $"{declared} のファイルはこの項目に添付できません。添付できる形式: {allowed} (Files of type {declared} are not accepted here; accepted: {allowed}.)");
        }
        if (!FileSignatures.Agree(declared, detected))
        {
            return Problems.Validation("file", $"ファイルの内容が {declared} の形式ではありません。(The file's contents are not {declared}{(detected is null ? "" : $" but {detected}")}.)");
        }
        var verdict = await scanner.ScanAsync(new MemoryStream(bytes, 0, bytes.Length, writable: false, publiclyVisible: true), file.FileName, declared, ct);
        if (!verdict.IsClean)
        {
            return Problems.Result(StatusCodes.Status422UnprocessableEntity, "File refused by the virus scan",
                $"このファイルは安全確認で受け付けられませんでした。({verdict.Threat}: the file was not stored.)");
        }

        var caller = Caller.Of(http);
        var attachment = new Attachment
        {
            Id = Guid.NewGuid(), ApplicationId = application.Id, Field = field, FileName = CleanFileName(file.FileName), ContentType = declared,
            Size = bytes.Length, Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes)), UploadedBy = caller.Id, UploadedAt = clock.GetUtcNow(),
        };
        session.Store(attachment);
        session.Store(new AttachmentContent { Id = attachment.Id, Bytes = bytes });
        stream.AppendOne(new AttachmentAdded(attachment.IdText, field, attachment.FileName, declared, attachment.Size, attachment.Sha256, caller.Id, attachment.UploadedAt));
        await session.SaveChangesAsync(ct);
        return TypedResults.Created(
            $"{http.Request.PathBase}{http.Request.Path}/{attachment.IdText}",
            new Uploaded(attachment.IdText, field, attachment.FileName, declared, attachment.Size));
    }

    public async Task<IResult> ListAsync(string applicationId, CancellationToken ct)
    {
        var attachments = await session.Query<Attachment>().Where(a => a.ApplicationId == applicationId).OrderBy(a => a.UploadedAt).ToListAsync(ct);
        return TypedResults.Ok(attachments.Select(a => new Listed(a.IdText, a.Field, a.FileName, a.ContentType, a.Size, a.UploadedAt, a.SubmittedAt is not null)));
    }

    /// <summary>The bytes, as a download that no browser renders or sniffs, or null when not of this application.</summary>
    public async Task<IResult?> DownloadAsync(string applicationId, string attachmentId, HttpContext http, CancellationToken ct)
    {
        if (await FindAsync(applicationId, attachmentId, ct) is not { } attachment
            || await session.LoadAsync<AttachmentContent>(attachment.Id, ct) is not { } content)
        {
            return null;
        }
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = "no-store";
        headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        // Content-Disposition: attachment; filename="ASCII fallback"; filename*=UTF-8''… (RFC 6266/5987).
        return TypedResults.File(content.Bytes, attachment.ContentType, attachment.FileName);
    }

    /// <summary>Removes a file not yet part of a submission (the resident picked the wrong one).</summary>
    public async Task<IResult?> RemoveAsync(IEventStream<Application> stream, string attachmentId, HttpContext http, CancellationToken ct)
    {
        var application = stream.Aggregate!;
        if (await FindAsync(application.Id, attachmentId, ct) is not { } attachment)
        {
            return null;
        }
        if (!application.IsOpenForResident || attachment.SubmittedAt is not null)
        {
            return Problems.Conflict("This file is part of a submitted application: it is kept with the record.");
        }
        session.Delete<Attachment>(attachment.Id);
        session.Delete<AttachmentContent>(attachment.Id);
        stream.AppendOne(new AttachmentRemoved(attachment.IdText, attachment.Field, Caller.Of(http).Id, clock.GetUtcNow()));
        await session.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private async Task<Attachment?> FindAsync(string applicationId, string attachmentId, CancellationToken ct) =>
        Guid.TryParseExact(attachmentId, "D", out var id) && await session.LoadAsync<Attachment>(id, ct) is { } attachment && attachment.ApplicationId == applicationId
            ? attachment
            : null;

    private static IResult TooLarge(FileLimits limits) =>
        Problems.Result(StatusCodes.Status413PayloadTooLarge, "File too large",
            $"この項目に添付できるファイルは{limits.MaxBytes / 1024}KBまでです。(Files for this field may be at most {limits.MaxBytes} bytes.)");

    /// <summary>The name without any path a browser sent (<c>C:\fakepath\…</c>) or control characters.</summary>
    public static string CleanFileName(string? name)
    {
        var last = name?.Split('/', '\\')[^1] ?? "";
        var clean = new string([.. last.Where(c => !char.IsControl(c))]).Trim();
        if (clean.Length > MaxFileNameLength)
        {
            var extension = Path.GetExtension(clean) is { Length: <= 20 } kept ? kept : "";
            clean = clean[..(MaxFileNameLength - extension.Length)] + extension;
        }
        return clean is "" or "." or ".." ? "attachment" : clean;
    }
}
