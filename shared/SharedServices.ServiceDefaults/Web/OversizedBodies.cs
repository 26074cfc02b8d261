using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace SharedServices.Web;

/// <summary>
/// A request whose announced body (Content-Length) is larger than its endpoint takes is refused with a 413
/// problem before a byte is read. Kestrel's own refusal comes mid-read and closes the connection on a client
/// still sending, which behind the gateway is a 502 (the forward fails) instead of the 413. Refused here, the
/// unread rest (up to <see cref="DrainLimit"/>) is read and dropped after the answer, so the connection and
/// the answer survive.
/// </summary>
public static class OversizedBodies
{
    /// <summary>Up to this many bytes an oversized body is drained after the 413; beyond, the connection is closed.</summary>
    public const long DrainLimit = 32 * 1024 * 1024;

    /// <summary>Refuses announced oversized bodies; after <c>UseRouting</c>, so an endpoint's <c>[RequestSizeLimit]</c> counts.</summary>
    public static IApplicationBuilder UseOversizedBodyRefusal(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            var limit = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>() is { } endpointLimit
                ? endpointLimit.MaxRequestBodySize // null: the endpoint takes any size
                : context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
            if (limit is { } most && context.Request.ContentLength is { } announced && announced > most)
            {
                await RefuseUnreadAsync(context, most);
                return;
            }
            await next(context);
        });

    /// <summary>
    /// The endpoint takes bodies up to <paramref name="bytes"/> (more than the service's 256 KB default, e.g. a file
    /// upload); its handler may hold a request to less once it knows what the body is for (a form field's own limit).
    /// </summary>
    public static TBuilder AcceptsBodiesUpTo<TBuilder>(this TBuilder builder, long bytes) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new BodyLimit(bytes));

    private sealed record BodyLimit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;

    /// <summary>Answers 413 without reading the body, letting Kestrel drain what the client still sends.</summary>
    public static Task RefuseUnreadAsync(HttpContext context, long most)
    {
        DrainAfterRefusal(context);
        return WriteTooLargeAsync(context, most);
    }

    /// <summary>The 413 problem for a body over <paramref name="most"/> bytes (refused unread, or cut off while read).</summary>
    public static Task WriteTooLargeAsync(HttpContext context, long most) =>
        Problems.Write(context, StatusCodes.Status413PayloadTooLarge, "Request too large",
            $"This address takes request bodies of at most {Size(most)}.");

    /// <summary>
    /// For a body refused unread (a handler's own, finer limit too): lets Kestrel read and drop the rest after the
    /// answer, up to <see cref="DrainLimit"/>, instead of closing the connection on a client still sending.
    /// </summary>
    public static void DrainAfterRefusal(HttpContext context)
    {
        if (context.Request.ContentLength is { } announced && announced <= DrainLimit
            && context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = announced;
        }
    }

    /// <summary>A size as people read it: 256 KB, 1 MB, 50.1 MB.</summary>
    public static string Size(long bytes) => bytes switch
    {
        >= 1024 * 1024 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / (1024 * 1024.0):0.#} MB"),
        >= 1024 => string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{bytes / 1024.0:0.#} KB"),
        _ => $"{bytes} bytes",
    };
}
