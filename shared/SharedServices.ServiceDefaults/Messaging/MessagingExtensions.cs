using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SharedServices.Tenancy;

namespace SharedServices.Messaging;

public static class MessagingExtensions
{
    /// <summary>
    /// How long a publish may wait for the broker's confirm (milliseconds, normally) before it is given
    /// up and tried again. RabbitMQ.Client 7.2.2 can leave a publish waiting forever when the broker
    /// restarts under it (rabbitmq-dotnet-client #1930, open), so a loop that publishes must not wait unbounded.
    /// </summary>
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(15);

    /// <summary>
    /// MassTransit on RabbitMQ for one service: durable quorum queues named after the service (so each
    /// service gets its own copy of an event, and its instances compete for it), publisher confirms,
    /// acknowledgement only after the consumer finished, retries, the tenant carried in a header, and
    /// the tenant registry consumer. Connection: <c>ConnectionStrings:RabbitMq</c> as an amqp:// URI.
    /// </summary>
    public static IHostApplicationBuilder AddPlatformMessaging(
        this IHostApplicationBuilder builder, string serviceName, Action<IBusRegistrationConfigurator>? addConsumers = null)
    {
        var uri = new Uri(builder.Configuration.GetConnectionString("RabbitMq")
            ?? throw new InvalidOperationException("ConnectionStrings:RabbitMq is not set."));

        // Start-up completes only once the bus is connected and every queue is bound: a message
        // published to an exchange before its subscribers' bindings exist reaches nobody.
        builder.Services.Configure<MassTransitHostOptions>(o =>
        {
            o.WaitUntilStarted = true;
            o.StartTimeout = TimeSpan.FromSeconds(60);
        });

        builder.Services.AddMassTransit(bus =>
        {
            // Queues are named after the service, so its instances compete for one copy of each event.
            // Messaging:EndpointPrefix names them otherwise (a second, separate deployment on one broker).
            var prefix = builder.Configuration["Messaging:EndpointPrefix"] ?? serviceName;
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(prefix, includeNamespace: false));
            bus.AddConsumer<TenantRegistryConsumer>();
            addConsumers?.Invoke(bus);

            bus.AddConfigureEndpointsCallback((_, _, endpoint) =>
            {
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                }
                endpoint.UseMessageRetry(retry =>
                {
                    // A bad tenant header will not get better: fault at once (to the _error queue, with the reason).
                    retry.Ignore<InvalidTenantHeaderException>();
                    retry.Intervals(100, 250, 500, 1000, 2000, 5000);
                });
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                var userInfo = uri.UserInfo.Split(':', 2);
                var virtualHost = uri.AbsolutePath.Trim('/') is { Length: > 0 } vhost ? Uri.UnescapeDataString(vhost) : "/";
                rabbit.Host(uri.Host, (ushort)(uri.IsDefaultPort ? 5672 : uri.Port), virtualHost, host =>
                {
                    host.Username(Uri.UnescapeDataString(userInfo[0]));
                    host.Password(userInfo.Length > 1 ? Uri.UnescapeDataString(userInfo[1]) : "");
                    host.PublisherConfirmation = true;
                    host.ConnectionName(serviceName);
                });
                rabbit.UsePublishFilter(typeof(TenantPublishFilter<>), context);
                rabbit.UseSendFilter(typeof(TenantSendFilter<>), context);
                rabbit.UseConsumeFilter(typeof(TenantConsumeFilter<>), context);
                rabbit.ConfigureEndpoints(context);
            });
        });
        return builder;
    }
}
