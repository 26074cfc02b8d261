namespace SharedServices.Gateway;

/// <summary>What the gateway adds to every answer (<c>Gateway:SecurityHeaders</c>).</summary>
public sealed class SecurityHeaderOptions
{
    /// <summary>For pages (the portal's routes). Inline styles stay allowed: the town's colours are set in the page.</summary>
    public string ContentSecurityPolicy { get; set; } =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "object-src 'none'; base-uri 'self'; frame-ancestors 'none'";

    /// <summary>For JSON APIs: nothing may load or frame them.</summary>
    public string ApiContentSecurityPolicy { get; set; } = "default-src 'none'; frame-ancestors 'none'";

    public int HstsMaxAgeSeconds { get; set; } = 31_536_000;
}

/// <summary>
/// Security headers at the edge: a content security policy (per route: <c>Metadata:Csp</c> = <c>api</c>
/// for the API routes, else the page policy), <c>frame-ancestors 'none'</c> and <c>X-Frame-Options</c>
/// against framing, <c>Referrer-Policy</c>, <c>X-Content-Type-Options</c>, <c>Permissions-Policy</c>,
/// and HSTS on HTTPS only (RFC 6797 §7.2: never over plain HTTP). A header a service set itself is kept.
/// The <c>Server</c> header is dropped.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, Microsoft.Extensions.Options.IOptions<SecurityHeaderOptions> options)
{
    private readonly SecurityHeaderOptions _options = options.Value;

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            var isApi = context.GetEndpoint()?.Metadata.GetMetadata<Yarp.ReverseProxy.Model.RouteModel>()?.Config.Metadata
                ?.TryGetValue("Csp", out var csp) == true && csp == "api";
            headers.TryAdd("Content-Security-Policy", isApi ? _options.ApiContentSecurityPolicy : _options.ContentSecurityPolicy);
            headers.TryAdd("X-Frame-Options", "DENY");
            headers.TryAdd("X-Content-Type-Options", "nosniff");
            headers.TryAdd("Referrer-Policy", "strict-origin-when-cross-origin");
            headers.TryAdd("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
            headers.TryAdd("Cross-Origin-Opener-Policy", "same-origin");
            if (context.Request.IsHttps)
            {
                headers.TryAdd("Strict-Transport-Security", $"max-age={_options.HstsMaxAgeSeconds}; includeSubDomains");
            }
            headers.Remove("Server"); // a service's; the gateway's own Kestrel sends none
            return Task.CompletedTask;
        });
        return next(context);
    }
}
