using Experiments.Training;
using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Experiments.Contracts.Trials;
using Experiments.Contracts.Workers;

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
        services.TryAddSingleton<WorkerSlots>();
        services.TryAddSingleton(provider => WorkerDevice.Resolve(provider.GetRequiredService<IOptions<TrialWorkerOptions>>().Value));
        services.AddHostedService<WorkerAnnouncements>();
        return services;
    }

    /// <summary>
    /// The queues this worker takes trials from (<see cref="StartTrialQueues"/>): the one of trials any worker may train
    /// (bound to published StartTrial, shared by every worker), and the one of its kind, where trials that need a GPU,
    /// or a CPU, are sent and reach only such workers. They share the worker's slots (<see cref="WorkerSlots"/>). The
    /// one machine of <c>experiments run</c> takes every kind. Configured here, not by ConfigureEndpoints, which
    /// leaves out a consumer once it is configured on any endpoint.
    /// </summary>
    public static void ConfigureResourceQueues(IBusRegistrationContext context, IReceiveConfigurator endpoints)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = context.GetRequiredService<IOptions<TrialWorkerOptions>>().Value;
        string[] kinds = options.TakesEveryKind
            ? [StartTrialQueues.Cpu, StartTrialQueues.Gpu]
            : [context.GetRequiredService<WorkerDevice>().Kind == WorkerKind.Gpu ? StartTrialQueues.Gpu : StartTrialQueues.Cpu];
        foreach (var queue in kinds.Prepend(StartTrialQueues.Any))
        {
            endpoints.ReceiveEndpoint(queue, endpoint =>
            {
                // A kind's queue gets only trials sent to it: one any worker may train is published, and must not arrive twice.
                endpoint.ConfigureConsumeTopology = queue == StartTrialQueues.Any;
                endpoint.ConfigureConsumer<StartTrialConsumer>(context);
            });
        }
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
