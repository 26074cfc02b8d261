using System.Text;

namespace SharedServices.EApplication.Attachments;

/// <summary>
/// What a file's first bytes say it is, for the formats residents upload: PDF, PNG, JPEG and HEIC/HEIF
/// (iPhone photos). A declared content type is trusted only when the bytes agree; a type the platform
/// cannot recognise by its bytes is refused, even if a form allows it (fail closed).
/// </summary>
public static class FileSignatures
{
    /// <summary>How many bytes <see cref="Detect"/> needs at most.</summary>
    public const int HeadLength = 16;

    public static readonly IReadOnlyList<string> Recognised = ["application/pdf", "image/png", "image/jpeg", "image/heic", "image/heif"];

    private static readonly string[] HeifBrands = ["heic", "heix", "hevc", "hevx", "heim", "heis", "mif1", "msf1"];

    /// <summary>The content type the bytes show, or null when they are none of <see cref="Recognised"/>.</summary>
    public static string? Detect(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith("%PDF-"u8))
        {
            return "application/pdf";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return "image/png";
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return "image/jpeg";
        }
        // ISO base media file: a box size, then "ftyp" and the major brand.
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8) && HeifBrands.Contains(Encoding.ASCII.GetString(head[8..12])))
        {
            return "image/heic";
        }
        return null;
    }

    /// <summary>Whether bytes detected as <paramref name="detected"/> are what <paramref name="declared"/> claims.</summary>
    public static bool Agree(string declared, string? detected) =>
        detected is not null && (declared == detected || IsHeif(declared) && IsHeif(detected));

    /// <summary>
    /// The declared type as a plain lower-case media type, with the aliases browsers send mapped
    /// (<c>image/jpg</c>, <c>image/pjpeg</c>); empty when none or <c>application/octet-stream</c>
    /// (a browser that does not know the type, e.g. HEIC on Windows): then the bytes decide.
    /// </summary>
    public static string Normalise(string? contentType)
    {
        if (!Microsoft.Net.Http.Headers.MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } type)
        {
            return "";
        }
        return type.ToLowerInvariant() switch
        {
            "image/jpg" or "image/pjpeg" => "image/jpeg",
            "image/x-png" => "image/png",
            "application/octet-stream" => "",
            var other => other,
        };
    }

    private static bool IsHeif(string type) => type is "image/heic" or "image/heif";
}
