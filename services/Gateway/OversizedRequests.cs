using Microsoft.AspNetCore.Http.Features;
using SharedServices.Web;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace SharedServices.Gateway;

/// <summary>
/// Request size limits: every route has one (<c>MaxRequestBodySize</c> in its YARP config, else
/// Kestrel's <c>Limits:MaxRequestBodyBytes</c>). A body announced larger is refused with 413 before
/// anything reaches a service; a chunked body that grows past the limit is cut off, and its client
/// gets 413 too (not the 502 a failed forward would otherwise give).
/// </summary>
public static class OversizedRequests
{
    public static async Task Refuse(HttpContext context, Func<Task> next)
    {
        // The route's own limit (YARP applies it to the body stream later in the pipeline), else Kestrel's.
        var limit = context.GetReverseProxyFeature().Route.Config.MaxRequestBodySize is { } routeLimit
            ? (routeLimit < 0 ? null : routeLimit)
            : context.Features.Get<IHttpMaxRequestBodySizeFeature>()?.MaxRequestBodySize;
        if (limit is { } most && context.Request.ContentLength is { } announced && announced > most)
        {
            // Refused unread; Kestrel drains what the client still sends, so it gets the 413, not a reset.
            await OversizedBodies.RefuseUnreadAsync(context, most);
            return;
        }
        await next();
        if (limit is { } max && !context.Response.HasStarted
            && context.GetForwarderErrorFeature() is { Error: ForwarderError.RequestBodyClient, Exception: var error }
            && IsTooLarge(error))
        {
            context.Response.Clear();
            await OversizedBodies.WriteTooLargeAsync(context, max);
        }
    }

    private static bool IsTooLarge(Exception? error) =>
        error switch
        {
            null => false,
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => true,
            _ => IsTooLarge(error.InnerException),
        };
}
