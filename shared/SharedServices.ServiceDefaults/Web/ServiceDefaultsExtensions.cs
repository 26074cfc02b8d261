using System.Text.Json;
using System.Text.Encodings.Web;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.WebEncoders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using SharedServices.Tenancy;

namespace SharedServices.Web;

/// <summary>The service this process is (its name as given to <c>AddServiceDefaults</c>, e.g. <c>points</c>).</summary>
public sealed record PlatformService(string Name);

/// <summary>What every service has, set up once (eShop's ServiceDefaults).</summary>
public static class ServiceDefaultsExtensions
{
    /// <summary>
    /// Structured JSON logs with tenant and trace ids, OpenTelemetry tracing across HTTP, Marten and
    /// MassTransit, metrics for Prometheus (<see cref="PlatformMetrics"/>), problem details for every error, strict JSON input, request size limits, health
    /// checks, the OpenAPI document and tenant resolution.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDefaults(this IHostApplicationBuilder builder, string serviceName)
    {
        var config = builder.Configuration;
        builder.Services.AddSingleton(new PlatformService(serviceName));

        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole(o =>
        {
            o.IncludeScopes = true;
            o.UseUtcTimestamp = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        builder.Logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddHttpClientInstrumentation()
                    .AddSource("MassTransit")
                    .AddSource(Messaging.OutboxRelay.Source.Name)
                    .AddSource("Marten");
                if (!string.IsNullOrWhiteSpace(config["OTEL_EXPORTER_OTLP_ENDPOINT"]))
                {
                    tracing.AddOtlpExporter();
                }
            })
            .WithMetrics(metrics => metrics.AddPlatformMeters());

        builder.Services.AddTrustedProxies(config);
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(o => StrictJson(o.SerializerOptions));
        builder.Services.Configure<KestrelServerOptions>(o =>
            o.Limits.MaxRequestBodySize = config.GetValue<long>("Limits:MaxRequestBodyBytes", 256 * 1024));
        builder.Services.AddOpenApi();
        // Server-rendered pages keep Japanese as text, not &#x...; entities (markup is still encoded).
        builder.Services.Configure<WebEncoderOptions>(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        // Readiness checks come with what a service uses: its database (AddPlatformEventStore or its own)
        // and RabbitMQ (MassTransit's bus check). Liveness has none.
        builder.Services.AddHealthChecks();

        var baseHosts = config.GetSection("Tenancy:BaseHosts").Get<string[]>() ?? ["localhost"];
        builder.Services.AddSingleton<ITenantResolutionStrategy>(new HostStrategy(baseHosts));
        builder.Services.AddSingleton<ITenantResolutionStrategy, PathStrategy>();
        return builder;
    }

    /// <summary>JSON in: unknown fields, missing required fields, nulls in non-null fields and text that cannot be stored as sent are errors.</summary>
    public static JsonSerializerOptions StrictJson(JsonSerializerOptions options)
    {
        options.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        options.RespectNullableAnnotations = true;
        options.RespectRequiredConstructorParameters = true;
        options.MaxDepth = 32;
        StorableText.AddTo(options);
        return options;
    }

    /// <summary>Error handling and tenant resolution, in the order every service needs them.</summary>
    public static WebApplication UseServiceDefaults(this WebApplication app)
    {
        var authenticates = app.Services.GetService<Microsoft.AspNetCore.Authentication.IAuthenticationSchemeProvider>() is not null;
        app.UseTrustedProxies(app.Configuration); // behind the gateway: the client's scheme and address
        app.UsePrometheusScraping(app.Configuration);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        // Resolution first: the path strategy moves /t/{slug} into the path base, which routing,
        // sign-in callbacks and town cookies all go by.
        app.UseMiddleware<TenantResolutionMiddleware>();
        if (authenticates)
        {
            app.UseAuthentication();
            app.UseMiddleware<TenantClaimMiddleware>(); // a token's town must be the town addressed
        }
        app.UseRouting();
        app.UseOversizedBodyRefusal(); // a 413 the gateway can pass on, not a connection reset mid-upload
        if (authenticates)
        {
            app.UseAuthorization();
        }
        return app;
    }

    /// <summary><c>/health/live</c>, <c>/health/ready</c> (checks tagged "ready") and <c>/openapi/v1.json</c>.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapOpenApi();
        if (app.Services.GetService<ITenantStore>() is not null)
        {
            // Whether this service has heard of a town yet, and at which version (the prefecture console shows a
            // new town's provisioning from it). Towns are public; nothing else is said.
            app.MapGet("/towns/{code}/registry", (string code, ITenantStore towns, PlatformService service) =>
                towns.FindById(code) is { } town
                    ? Results.Ok(new { service = service.Name, code, known = true, town.Status, town.Version })
                    : Results.Ok(new { service = service.Name, code, known = false, Status = (string?)null, Version = 0L }))
                .WithTags("Towns");
        }
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains("ready"),
            ResponseWriter = WriteHealth,
        });
        return app;
    }

    private static Task WriteHealth(HttpContext context, HealthReport report) =>
        context.Response.WriteAsJsonAsync(new
        {
            status = report.Status.ToString(),
            checks = report.Entries.ToDictionary(e => e.Key, e => new { status = e.Value.Status.ToString(), e.Value.Description }),
        });
}
