using MassTransit;
using Microsoft.Extensions.Logging;
using SharedServices.Contracts;
using SharedServices.Tenancy;

namespace SharedServices.Messaging;

/// <summary>The message header that carries the tenant (a 地方公共団体コード) across services.</summary>
public static class TenantHeader
{
    public const string Name = "tenant-id";

    internal static void Stamp(SendContext context, Type messageType)
    {
        if (CurrentTenant.IdOrNull is { } tenantId)
        {
            context.Headers.Set(Name, tenantId);
        }
        else if (typeof(IIntegrationEvent).IsAssignableFrom(messageType))
        {
            throw new MissingTenantException();
        }
    }
}

/// <summary>Thrown when a message arrives without a valid tenant header: the message faults, never runs tenant-less.</summary>
public sealed class InvalidTenantHeaderException(string? value)
    : Exception(value is null ? $"The message has no '{TenantHeader.Name}' header." : $"The '{TenantHeader.Name}' header '{value}' is not a valid 地方公共団体コード.");

/// <summary>
/// Stamps every published message with the tenant in scope. Publishing one of our integration events
/// without a tenant throws; the bus's own messages (faults) pass with whatever tenant there is.
/// </summary>
public sealed class TenantPublishFilter<T> : IFilter<PublishContext<T>> where T : class
{
    public Task Send(PublishContext<T> context, IPipe<PublishContext<T>> next)
    {
        TenantHeader.Stamp(context, typeof(T));
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("tenantPublish");
}

/// <summary>Stamps every sent message with the tenant in scope, as <see cref="TenantPublishFilter{T}"/>.</summary>
public sealed class TenantSendFilter<T> : IFilter<SendContext<T>> where T : class
{
    public Task Send(SendContext<T> context, IPipe<SendContext<T>> next)
    {
        TenantHeader.Stamp(context, typeof(T));
        return next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("tenantSend");
}

/// <summary>Restores the message's tenant for its consumer, and fails closed on a missing or bad header.</summary>
public sealed class TenantConsumeFilter<T>(ILogger<TenantConsumeFilter<T>> logger) : IFilter<ConsumeContext<T>> where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        var tenantId = context.Headers.Get<string>(TenantHeader.Name);
        if (!MunicipalityCode.IsValid(tenantId))
        {
            throw new InvalidTenantHeaderException(tenantId);
        }
        using var scope = CurrentTenant.Change(tenantId!, logger);
        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("tenantConsume");
}
