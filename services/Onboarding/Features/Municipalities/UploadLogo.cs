using System.Buffers.Binary;
using System.Security.Cryptography;
using Marten;
using SharedServices.Contracts.Tenancy;
using SharedServices.Onboarding.Municipalities;
using SharedServices.Web;

namespace SharedServices.Onboarding.Features.Municipalities;

/// <summary>
/// A town's logo (町章・ロゴ), uploaded by the prefecture: PNG or JPEG only (SVG can carry script), checked by
/// its bytes rather than its name or declared type, at most <see cref="MaxBytes"/> and, for PNG,
/// <see cref="MaxSide"/> pixels a side. Kept here (id: the town's code) and served to anyone at
/// <c>/logos/{code}</c>; the town's branding then points its portal at <see cref="PortalPath"/> (the
/// portal passes it through), versioned by the logo's hash so caches never show an old one.
/// </summary>
public static class UploadLogo
{
    public const int MaxBytes = 200 * 1024;
    public const int MaxSide = 1024;

    /// <summary>Where a town's portal serves its uploaded logo.</summary>
    public const string PortalPath = "/branding/logo";

    public sealed class TownLogo
    {
        public string Id { get; set; } = "";
        public string ContentType { get; set; } = "";
        public byte[] Data { get; set; } = [];
        public string Hash { get; set; } = "";
    }

    public static async Task<IResult> Handle(string code, HttpRequest http, IDocumentSession session, CancellationToken ct)
    {
        var stream = await session.Events.FetchForWriting<Municipality>(code, ct);
        if (stream.Aggregate is not { } town || town.Status == TenantStatuses.Offboarded)
        {
            return Problems.NotFound($"No onboarded town has the code {code}.");
        }
        if (http.ContentLength is > MaxBytes)
        {
            return Problems.Result(StatusCodes.Status413PayloadTooLarge, "Logo too large", $"A logo is at most {MaxBytes / 1024} KB.");
        }
        using var buffer = new MemoryStream();
        await http.Body.CopyToAsync(buffer, ct);
        if (buffer.Length > MaxBytes)
        {
            return Problems.Result(StatusCodes.Status413PayloadTooLarge, "Logo too large", $"A logo is at most {MaxBytes / 1024} KB.");
        }
        var bytes = buffer.ToArray();
        var (type, problem) = Inspect(bytes);
        if (problem is not null)
        {
            return Problems.Validation("logo", problem);
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(bytes))[..16];
        session.Store(new TownLogo { Id = code, ContentType = type!, Data = bytes, Hash = hash });
        var branding = town.Branding with { LogoUrl = $"{PortalPath}?v={hash}" };
        var snapshot = await MunicipalityChanges.CommitAsync(session, stream,
            new MunicipalityProfileChanged(town.Slug, town.NameJa, town.NameEn, branding), s => new TenantProfileChanged(s), ct);
        return TypedResults.Ok(snapshot);
    }

    /// <summary>The logo's bytes as anyone may see them (the town's portal shows them), with caching and no sniffing.</summary>
    public static async Task<IResult> ServeAsync(string code, HttpContext http, IDocumentStore store, Tenancy.Prefecture prefecture, CancellationToken ct)
    {
        await using var session = store.QuerySession(prefecture.Code);
        if (await session.LoadAsync<TownLogo>(code, ct) is not { } logo)
        {
            return Problems.NotFound($"{code} has no uploaded logo.");
        }
        http.Response.Headers.CacheControl = "public, max-age=86400";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'";
        http.Response.Headers.ETag = $"\"{logo.Hash}\"";
        return Results.Bytes(logo.Data, logo.ContentType);
    }

    /// <summary>PNG (its size from the IHDR header) or JPEG, by their first bytes; anything else is refused with the reason.</summary>
    public static (string? ContentType, string? Problem) Inspect(byte[] bytes)
    {
        ReadOnlySpan<byte> png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        if (bytes.AsSpan().StartsWith(png))
        {
            if (bytes.Length < 24)
            {
                return (null, "The PNG is cut short.");
            }
            var (width, height) = (BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(16, 4)), BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(20, 4)));
            return width is 0 or > MaxSide || height is 0 or > MaxSide
                ? (null, $"A logo is at most {MaxSide}×{MaxSide} pixels (this one is {width}×{height}).")
                : ("image/png", null);
        }
        if (bytes.Length > 3 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[2] == 0xFF)
        {
            return ("image/jpeg", null);
        }
        return (null, "A logo is a PNG or JPEG image (SVG and other files are not accepted).");
    }
}
