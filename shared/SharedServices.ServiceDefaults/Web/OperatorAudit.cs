using System.Diagnostics;
using JasperFx.Events;
using Marten;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SharedServices.Contracts.Audit;
using SharedServices.EventStore;
using SharedServices.Tenancy;

namespace SharedServices.Web;

/// <summary>
/// The audit log of prefecture operators (操作ログ): every request that may change something (not GET,
/// HEAD or OPTIONS) made with an operator's token is recorded once it has been answered — who, the
/// route, the path, the town, the status — as an <see cref="OperatorActed"/> integration event in the
/// prefecture's tenant, which the outbox relays to the onboarding service's searchable log. A service
/// with an operator API calls <see cref="UseOperatorAudit"/> after <c>UseServiceDefaults</c>. The
/// portal does not: its pages call these APIs, which log the action once, where it happens.
/// </summary>
public static class OperatorAudit
{
    private static readonly HashSet<string> ReadOnly = [HttpMethods.Get, HttpMethods.Head, HttpMethods.Options];

    /// <param name="service">The service's name, as given to <c>AddServiceDefaults</c>.</param>
    public static WebApplication UseOperatorAudit(this WebApplication app, string service)
    {
        var prefecture = Prefecture.From(app.Configuration);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(OperatorAudit));
        app.Use(async (context, next) =>
        {
            await next(context);
            if (ReadOnly.Contains(context.Request.Method) || !context.User.IsInRole(PlatformRoles.Operator))
            {
                return;
            }
            try
            {
                await RecordAsync(context, service, prefecture, context.RequestAborted.IsCancellationRequested ? CancellationToken.None : context.RequestAborted);
            }
            catch (Exception e)
            {
                // The action is done and answered; a lost log line must not turn it into an error.
                logger.LogError(e, "Could not record operator {Operator}'s {Method} {Path} in the audit log",
                    Caller.Of(context).Id, context.Request.Method, context.Request.Path);
            }
        });
        return app;
    }

    private static async Task RecordAsync(HttpContext context, string service, Prefecture prefecture, CancellationToken ct)
    {
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        var action = $"{context.Request.Method} {(route is null ? "(no route)" : "/" + route.Trim('/'))}";
        var values = context.GetRouteData().Values;
        var town = context.Features.Get<ResolvedTenant>()?.Tenant.Id
            ?? (values.TryGetValue("code", out var code) ? code?.ToString() : null)
            ?? (values.TryGetValue("town", out var named) ? named?.ToString() : null);
        var caller = Caller.Of(context);
        var acted = new OperatorActed(caller.Id, caller.Name, service, action,
            $"{context.Request.PathBase}{context.Request.Path}", town, context.Response.StatusCode, DateTimeOffset.UtcNow,
            Activity.Current?.TraceId.ToString());

        var store = context.RequestServices.GetRequiredService<IDocumentStore>();
        using var scope = prefecture.Scope();
        await using var session = store.OpenTenantSession();
        if (store.Options.Events.StreamIdentity == StreamIdentity.AsGuid)
        {
            session.Events.StartStream(Guid.NewGuid(), acted);
        }
        else
        {
            session.Events.StartStream($"operator-action-{Guid.NewGuid():N}", acted);
        }
        await session.SaveChangesAsync(ct);
    }
}
