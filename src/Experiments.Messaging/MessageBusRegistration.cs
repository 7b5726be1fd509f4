using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Experiments.Messaging;

/// <summary>
/// One place that picks the transport, so silo, worker and the embedded CLI register the same
/// consumers over RabbitMQ or the in-memory bus by configuration alone.
/// </summary>
public static class MessageBusRegistration
{
    public static IServiceCollection AddExperimentsMessageBus(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<IBusRegistrationConfigurator> registerConsumers,
        Action<IBusRegistrationContext, IReceiveConfigurator>? configureExtraEndpoints = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(registerConsumers);

        var options = new MessageBusOptions
        {
            RabbitMqConnectionString = configuration.GetConnectionString(MessageBusOptions.RabbitMqConnectionStringName),
        };
        services.AddSingleton(options);

        services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            registerConsumers(bus);

            if (options.UsesRabbitMq)
            {
                var address = RabbitMqAddress.Parse(options.RabbitMqConnectionString!);
                bus.UsingRabbitMq((context, transport) =>
                {
                    transport.Host(address.Host, address.Port, address.VirtualHost, host =>
                    {
                        host.Username(address.Username);
                        host.Password(address.Password);
                    });
                    configureExtraEndpoints?.Invoke(context, transport);
                    transport.ConfigureEndpoints(context);
                });
            }
            else
            {
                bus.UsingInMemory((context, transport) =>
                {
                    configureExtraEndpoints?.Invoke(context, transport);
                    transport.ConfigureEndpoints(context);
                });
            }
        });

        // Training consumers run for hours; stopping the bus must wait for them to mark runs KILLED.
        services.AddOptions<MassTransitHostOptions>().Configure(host =>
        {
            host.WaitUntilStarted = true;
            host.StartTimeout = TimeSpan.FromSeconds(60);
            host.StopTimeout = TimeSpan.FromSeconds(60);
        });
        return services;
    }
}
