using System.Text;

namespace SharedServices.EApplication.Attachments;

/// <summary>What a scan found: clean, or refused with the threat's name.</summary>
public sealed record ScanVerdict(bool IsClean, string? Threat = null)
{
    public static readonly ScanVerdict Clean = new(true);

    public static ScanVerdict Refused(string threat) => new(false, threat);
}

/// <summary>
/// The virus-scan hook: every upload is scanned before anything is stored; a refused file is answered
/// 422 and kept nowhere. Production registers an implementation backed by a real engine (ClamAV's
/// clamd, a cloud scanning API) in place of <see cref="EicarOnlyScanner"/>.
/// </summary>
public interface IAttachmentScanner
{
    Task<ScanVerdict> ScanAsync(Stream content, string fileName, string contentType, CancellationToken ct);
}

/// <summary>
/// NOT A VIRUS SCANNER. The development stand-in: it refuses files containing the EICAR anti-virus
/// test string (anywhere in the file) and passes everything else, so the refusal path can be tried
/// and tested end to end. Replace it with a real engine before residents upload real files.
/// </summary>
public sealed class EicarOnlyScanner : IAttachmentScanner
{
    // Assembled from two halves so this source file is not itself flagged by a developer's anti-virus.
    private static readonly byte[] Eicar = Encoding.ASCII.GetBytes(
        @"X5O!P%@AP[4\PZX54(P^)7CC)7}$" + "EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*");

    public async Task<ScanVerdict> ScanAsync(Stream content, string fileName, string contentType, CancellationToken ct)
    {
        var bytes = content is MemoryStream memory && memory.TryGetBuffer(out var buffer) ? buffer : await CopyAsync(content, ct);
        return bytes.AsSpan().IndexOf(Eicar) >= 0
            ? ScanVerdict.Refused("EICAR-Test-File")
            : ScanVerdict.Clean;
    }

    private static async Task<ArraySegment<byte>> CopyAsync(Stream content, CancellationToken ct)
    {
        var copy = new MemoryStream();
        await content.CopyToAsync(copy, ct);
        return new ArraySegment<byte>(copy.GetBuffer(), 0, (int)copy.Length);
    }
}
