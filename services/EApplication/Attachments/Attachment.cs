namespace SharedServices.EApplication.Attachments;

/// <summary>
/// A file uploaded for a file field of one application (添付ファイル): what it is, not its bytes
/// (<see cref="AttachmentContent"/>, same id), so lists, the submit check and the CSV export never
/// load files. A document in the town's tenant (conjoined tenancy, row-level security).
/// </summary>
public sealed class Attachment
{
    /// <summary>The id residents put into the field's answer (a GUID, 36-character form).</summary>
    public Guid Id { get; set; }

    public string ApplicationId { get; set; } = "";

    /// <summary>The file field it was uploaded for; an answer may only use it in that field.</summary>
    public string Field { get; set; } = "";

    public string FileName { get; set; } = "";

    /// <summary>The declared content type, checked against the field's limits and the file's first bytes.</summary>
    public string ContentType { get; set; } = "";

    public long Size { get; set; }

    /// <summary>SHA-256 of the bytes, hex: recorded in the application's history too.</summary>
    public string Sha256 { get; set; } = "";

    public string UploadedBy { get; set; } = "";

    public DateTimeOffset UploadedAt { get; set; }

    /// <summary>
    /// When a submission first referenced it: from then on it is part of the record staff saw and can
    /// no longer be removed, and it no longer counts against the field's number of files (a returned
    /// application may replace it with a new upload).
    /// </summary>
    public DateTimeOffset? SubmittedAt { get; set; }

    public string IdText => Id.ToString("D");
}

/// <summary>The bytes of an <see cref="Attachment"/> (same id), base64 in the document's JSON.</summary>
public sealed class AttachmentContent
{
    public Guid Id { get; set; }

    public byte[] Bytes { get; set; } = [];
}
