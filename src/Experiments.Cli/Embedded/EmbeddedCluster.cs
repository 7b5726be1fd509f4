using Experiments.Grains.Hosting;
using Experiments.Grains.Storage;
using Experiments.Messaging;
using Experiments.ServiceDefaults;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;
using Experiments.WorkerRuntime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Experiments.Cli.Embedded;

/// <summary>
/// The whole system in one process: an Orleans silo on localhost with grain state on disk, the
/// message bus (in-memory unless ConnectionStrings__rabbitmq is set), local worker slots, and the
/// MLflow tracking backend chosen by MLFLOW_TRACKING_URI (./mlruns by default). With no local worker
/// slots (Workers = 0, RabbitMQ only) it orchestrates and remote workers train.
/// </summary>
public static class EmbeddedCluster
{
    /// <summary>The tracking outbox of runs that use <paramref name="stateDirectory"/>: undelivered MLflow data waits there.</summary>
    public static string TrackingOutboxFolder(string stateDirectory) => Path.Combine(stateDirectory, "outbox");

    public static IHost Build(EmbeddedClusterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = Directory.GetCurrentDirectory(),
            DisableDefaults = false,
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{TrialWorkerOptions.SectionName}:{nameof(TrialWorkerOptions.Slots)}"] = options.Workers.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{TrialWorkerOptions.SectionName}:{nameof(TrialWorkerOptions.Device)}"] = options.Device,
            // The user runs their own spec on their own machine: their program may run (a cluster worker says so itself).
            [$"{TrialWorkerOptions.SectionName}:{nameof(TrialWorkerOptions.AllowCommands)}"] = "true",
            [$"{TrackingOutboxOptions.SectionName}:{nameof(TrackingOutboxOptions.Directory)}"] = TrackingOutboxFolder(options.StateDirectory),
        });

        CliLogging.Configure(builder, options.Verbose);
        builder.Logging.AddFilter("Orleans", options.Verbose ? LogLevel.Warning : LogLevel.Error);
        builder.Logging.AddFilter("MassTransit", options.Verbose ? LogLevel.Warning : LogLevel.Error);
        // Orleans logs every failed state read or write as an error with its stack trace, under the
        // storage's name; the run command says it in one sentence instead. The storage's own warnings stay.
        builder.Logging.AddFilter(typeof(AtomicFileGrainStorage).FullName, level => options.Verbose ? level >= LogLevel.Information : level == LogLevel.Warning);
        // The same for a grain that cannot activate (e.g. its state file is damaged): the caller gets the exception and reports it.
        builder.Logging.AddFilter("Orleans.Grain", options.Verbose ? LogLevel.Warning : LogLevel.None);

        builder.Services.AddSingleton<IHostLifetime, ManualLifetime>();
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(90));
        builder.AddServiceDefaults("experiments");
        builder.Services.AddExperimentTracking(builder.Configuration);
        builder.Services.AddExperimentsGrainServices();
        if (options.Workers > 0)
        {
            builder.Services.AddTrialWorker(builder.Configuration);
        }

        // Orleans first: hosted services stop in reverse order, so the bus (and the training
        // consumers) stop before the silo, and their last reports still reach the grains.
        var stateDirectory = Path.Combine(options.StateDirectory, "state");
        builder.UseOrleans(silo =>
        {
            silo.UseLocalhostClustering(FreePorts.Next(), FreePorts.Next(), serviceId: "experiments", clusterId: "embedded");
            silo.AddExperimentsFileStorage(new AtomicFileGrainStorageOptions { RootDirectory = stateDirectory, DamagedState = options.DamagedState });
        });
        builder.Services.AddExperimentsMessageBus(builder.Configuration, bus =>
        {
            bus.AddTrialEventConsumers();
            if (options.Workers > 0)
            {
                bus.AddTrialWorkerConsumers();
            }
        });
        return builder.Build();
    }
}
