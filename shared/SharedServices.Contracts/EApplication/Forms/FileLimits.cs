namespace SharedServices.EApplication.Forms;

/// <summary>
/// What the upload endpoint checks before it stores a file for a field; the submission itself only
/// carries attachment ids (<see cref="AttachmentId"/>).
/// </summary>
public sealed record FileLimits(long MaxBytes, IReadOnlyList<string> AllowedContentTypes, int MaxFiles)
{
    /// <summary>10 MB: a phone photo, a scanned page.</summary>
    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    /// <summary>No field may ask for more than 50 MB per file.</summary>
    public const long PlatformMaxBytes = 50 * 1024 * 1024;

    public const int PlatformMaxFiles = 20;

    public static readonly IReadOnlyList<string> DefaultContentTypes = ["image/jpeg", "image/png", "application/pdf"];

    public static FileLimits Of(FormField field) => new(
        field.MaxFileBytes ?? DefaultMaxBytes,
        field.AllowedContentTypes is { Count: > 0 } types ? types : DefaultContentTypes,
        field.MaxFiles ?? 1);

    /// <summary>Whether a file of this size and content type may be uploaded for the field.</summary>
    public bool Allows(string contentType, long bytes) =>
        bytes > 0 && bytes <= MaxBytes && AllowedContentTypes.Contains(contentType, StringComparer.OrdinalIgnoreCase);
}

/// <summary>
/// The shape of an attachment reference in answers: the id the upload endpoint handed out
/// (a GUID in its usual 36-character form). Whether the attachment exists and belongs to the
/// applicant is the caller's check.
/// </summary>
public static class AttachmentId
{
    public static bool IsWellFormed(string value) =>
        value.Length == 36 && Guid.TryParseExact(value, "D", out _);
}
