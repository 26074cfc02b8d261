namespace SharedServices.Gateway;

/// <summary>
/// What the services answer for the cluster only, never for the internet: their Prometheus metrics
/// (<c>/metrics</c>, which in production they serve on a port of their own anyway). The gateway answers
/// 404 for such a path under any route, as if it did not exist.
/// </summary>
public static class InternalPaths
{
    public static Task Refuse(HttpContext context, Func<Task> next)
    {
        var path = context.Request.Path.Value ?? "";
        if (path.EndsWith("/metrics", StringComparison.OrdinalIgnoreCase) || path.Contains("/metrics/", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        return next();
    }
}
