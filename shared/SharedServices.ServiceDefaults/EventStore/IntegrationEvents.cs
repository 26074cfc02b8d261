using SharedServices.Contracts;

namespace SharedServices.EventStore;

/// <summary>The integration event types: every concrete <see cref="IIntegrationEvent"/> in the contracts assembly.</summary>
public static class IntegrationEvents
{
    public static readonly IReadOnlyList<Type> Types = typeof(IIntegrationEvent).Assembly.GetExportedTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IIntegrationEvent).IsAssignableFrom(t))
        .ToList();
}
