using Microsoft.Extensions.Logging;

namespace SharedServices.Tenancy;

/// <summary>
/// The tenant the current unit of work runs for: an HTTP request, a consumed message, or a block of
/// background work. Held in an AsyncLocal so it flows into everything awaited below the point where
/// it was set, and changed only through <see cref="Change"/>, which restores the previous tenant
/// when disposed (ABP's CurrentTenant.Change). There is no default tenant.
/// </summary>
public static class CurrentTenant
{
    private static readonly AsyncLocal<string?> Holder = new();

    /// <summary>The current tenant id, or null outside any tenant scope.</summary>
    public static string? IdOrNull => Holder.Value;

    /// <summary>The current tenant id; throws when code runs without one (fail closed).</summary>
    public static string Id => Holder.Value ?? throw new MissingTenantException();

    /// <summary>Runs what follows for <paramref name="tenantId"/> until the returned scope is disposed.</summary>
    public static IDisposable Change(string tenantId)
    {
        if (!MunicipalityCode.IsValid(tenantId))
        {
            throw new ArgumentException($"'{tenantId}' is not a valid 地方公共団体コード.", nameof(tenantId));
        }
        var previous = Holder.Value;
        Holder.Value = tenantId;
        return new Scope(previous);
    }

    /// <summary>
    /// As <see cref="Change(string)"/>, and every log line written meanwhile through <paramref name="logger"/>'s
    /// factory carries <c>TenantId</c> (the JSON console logs include scopes; trace ids come from the activity).
    /// </summary>
    public static IDisposable Change(string tenantId, ILogger logger)
    {
        var tenant = Change(tenantId);
        var logScope = logger.BeginScope(new Dictionary<string, object> { ["TenantId"] = tenantId });
        return new Both(logScope, tenant);
    }

    private sealed class Both(IDisposable? inner, IDisposable outer) : IDisposable
    {
        public void Dispose()
        {
            inner?.Dispose();
            outer.Dispose();
        }
    }

    private sealed class Scope(string? previous) : IDisposable
    {
        public void Dispose() => Holder.Value = previous;
    }
}

/// <summary>Thrown when tenant data is touched with no tenant in scope.</summary>
public sealed class MissingTenantException()
    : InvalidOperationException("No tenant in scope: tenant data cannot be read or written without one.");
