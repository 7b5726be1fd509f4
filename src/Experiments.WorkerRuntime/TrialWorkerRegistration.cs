using Experiments.Training;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Experiments.WorkerRuntime;

/// <summary>Wiring shared by the worker host and the embedded CLI.</summary>
public static class TrialWorkerRegistration
{
    public static IServiceCollection AddTrialWorker(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<TrialWorkerOptions>().Bind(configuration.GetSection(TrialWorkerOptions.SectionName))
            .Validate(o => o.Slots >= 1, "Worker:Slots must be at least 1.")
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RunningTrials>();
        services.TryAddSingleton<ModelTrainer>();
        services.TryAddSingleton<TrialCheckpoints>();
        return services;
    }

    public static IBusRegistrationConfigurator AddTrialWorkerConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<StartTrialConsumer, StartTrialConsumerDefinition>();
        // Each worker needs its own (temporary) queue so that a published CancelTrial reaches all of them.
        bus.AddConsumer<CancelTrialConsumer>().Endpoint(endpoint =>
        {
            endpoint.Name = "cancel-trial";
            endpoint.InstanceId = "-" + Guid.NewGuid().ToString("N")[..12];
            endpoint.Temporary = true;
        });
        return bus;
    }
}
