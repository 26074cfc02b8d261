using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Configuration;
using OpenTelemetry.Metrics;

namespace SharedServices.Web;

/// <summary>
/// Metrics for Prometheus, the same in every service: request rates and latencies by route, status and
/// town (ASP.NET Core's own meters), outgoing HTTP calls, messages received, consumed and failed
/// (MassTransit's meter), projection and outbox lag per town (<see cref="EventStore.ProjectionLag"/>)
/// and the runtime. Queue depths come from RabbitMQ's own Prometheus plugin, beside these.
/// </summary>
public static class PlatformMetrics
{
    /// <summary>The platform's own meters are named <c>SharedServices.*</c>.</summary>
    public const string MeterPrefix = "SharedServices.";

    public static MeterProviderBuilder AddPlatformMeters(this MeterProviderBuilder metrics) =>
        metrics
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddMeter("MassTransit", MeterPrefix + "*", "System.Runtime")
            .AddPrometheusExporter();

    /// <summary>
    /// <c>GET /metrics</c> in Prometheus' text format. With <c>Metrics:Port</c> set (production: the
    /// pods' 9464, listened on through <c>ASPNETCORE_HTTP_PORTS</c>) it answers only connections to that
    /// port, which the gateway never forwards to; without it (development, tests), on any port.
    /// </summary>
    public static IApplicationBuilder UsePrometheusScraping(this IApplicationBuilder app, IConfiguration config)
    {
        var port = config.GetValue<int?>("Metrics:Port");
        return app.UseOpenTelemetryPrometheusScrapingEndpoint(context =>
            context.Request.Path == "/metrics" && (port is null || context.Connection.LocalPort == port));
    }

    /// <summary>Puts the town on the request's duration metric (<c>http_server_request_duration_seconds</c>).</summary>
    public static void TagTown(HttpContext context, string tenantId) =>
        context.Features.Get<IHttpMetricsTagsFeature>()?.Tags.Add(new("tenant", tenantId));
}
