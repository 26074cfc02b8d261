using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using SharedServices.Gateway;
using SharedServices.Web;

// The edge gateway (YARP): one public entrance for every town host and path. It routes the portal
// and each service's API (ReverseProxy in appsettings.json), keeps the original Host so the services
// resolve the town as before, limits request rates per town and per client and request sizes per
// route, forwards X-Forwarded-For/Proto/Host, and adds the security headers to every answer.
var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults("gateway");
builder.Services.Configure<SecurityHeaderOptions>(builder.Configuration.GetSection("Gateway:SecurityHeaders"));
builder.Services.AddEdgeRateLimits(builder.Configuration);
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();

// Behind a load balancer that terminates TLS, only its addresses (TrustedProxies) are believed about the client and scheme.
app.UseTrustedProxies(app.Configuration);
app.UsePrometheusScraping(app.Configuration); // the gateway's own metrics, on Metrics:Port in production
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<SecurityHeaders>();
app.UseRouting();
app.UseRateLimiter();
app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = _ => false }).DisableRateLimiting();
app.MapReverseProxy(proxy =>
{
    proxy.Use((context, next) => InternalPaths.Refuse(context, () => next()));
    proxy.Use((context, next) => OversizedRequests.Refuse(context, () => next()));
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

app.Run();
