using Experiments.Grains.Messaging;
using Experiments.Grains.Storage;
using Experiments.Grains.Trials;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace Experiments.Grains.Hosting;

/// <summary>Wiring shared by the cluster silo, the embedded CLI and the test cluster.</summary>
public static class ExperimentsSiloExtensions
{
    /// <summary>Grain state in files under <paramref name="rootDirectory"/> (embedded mode), written atomically.</summary>
    public static ISiloBuilder AddExperimentsFileStorage(this ISiloBuilder silo, string rootDirectory) =>
        silo.AddExperimentsFileStorage(new AtomicFileGrainStorageOptions { RootDirectory = rootDirectory });

    /// <summary>Grain state in files, with the retry schedule and damaged-file handling of <paramref name="options"/>.</summary>
    public static ISiloBuilder AddExperimentsFileStorage(this ISiloBuilder silo, AtomicFileGrainStorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        silo.Services.AddGrainStorage(GrainStorageNames.Experiments, (services, name) =>
            new AtomicFileGrainStorage(
                name,
                options,
                new OrleansGrainStorageSerializer(services.GetRequiredService<Orleans.Serialization.Serializer>()),
                services.GetRequiredService<ILogger<AtomicFileGrainStorage>>()));
        return silo;
    }

    /// <summary>Services the grains depend on, other than tracking (registered by the host).</summary>
    public static IServiceCollection AddExperimentsGrainServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITrialDispatcher, BusTrialDispatcher>();
        services.AddOptions<TrialLivenessOptions>().BindConfiguration(TrialLivenessOptions.SectionName);
        return services;
    }

    /// <summary>Registers the consumers that forward worker reports to grains.</summary>
    public static IBusRegistrationConfigurator AddTrialEventConsumers(this IBusRegistrationConfigurator bus)
    {
        ArgumentNullException.ThrowIfNull(bus);
        bus.AddConsumer<TrialEventsConsumer, TrialEventsConsumerDefinition>();
        bus.AddConsumer<WorkerAnnouncementsConsumer>().Endpoint(endpoint => endpoint.Name = "worker-announcements");
        return bus;
    }
}
