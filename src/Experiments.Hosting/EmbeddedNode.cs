using System.Globalization;
using Experiments.Grains.Storage;
using Experiments.Grains.Trials;
using Experiments.Tracking.Outbox;
using Experiments.WorkerRuntime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Experiments.Hosting;

/// <summary>
/// The whole system in one process: an Orleans silo on free localhost ports with grain state in files under the
/// state folder, the message bus (in memory unless ConnectionStrings__rabbitmq is set), local worker slots, and
/// the MLflow backend of MLFLOW_TRACKING_URI (./mlruns by default). Hosts add their own logging and lifetime.
/// </summary>
public static class EmbeddedNode
{
    /// <summary>The tracking outbox of runs that use <paramref name="stateDirectory"/>: undelivered MLflow data waits there.</summary>
    public static string TrackingOutboxFolder(string stateDirectory) => Path.Combine(stateDirectory, "outbox");

    public static HostApplicationBuilder CreateBuilder(EmbeddedNodeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            // Not the working folder: the configuration watcher would follow every file written under ./mlruns and the state folder.
            ContentRootPath = AppContext.BaseDirectory,
            DisableDefaults = false,
        });
        // Redis would make this one process a cluster member with state elsewhere: the embedded mode keeps its files.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"ConnectionStrings:{ClusterStorage.RedisConnectionStringName}"] = string.Empty,
            [$"{SiloOptions.SectionName}:{nameof(SiloOptions.ClusterId)}"] = "embedded",
            [$"{SiloOptions.SectionName}:{nameof(SiloOptions.SiloPort)}"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            [$"{SiloOptions.SectionName}:{nameof(SiloOptions.GatewayPort)}"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            [$"{TrialWorkerOptions.SectionName}:{nameof(TrialWorkerOptions.Slots)}"] = options.Workers.ToString(CultureInfo.InvariantCulture),
            [$"{TrialWorkerOptions.SectionName}:{nameof(TrialWorkerOptions.Device)}"] = options.Device,
            // The user runs their own spec on their own machine: their program may run (a cluster worker says so itself).
            [$"{TrialWorkerOptions.SectionName}:{nameof(TrialWorkerOptions.AllowCommands)}"] = "true",
            // One machine takes every trial whatever it asks for (the run command checks a GPU sweep has CUDA first).
            [$"{TrialWorkerOptions.SectionName}:{nameof(TrialWorkerOptions.TakesEveryKind)}"] = "true",
            [$"{TrialLivenessOptions.SectionName}:{nameof(TrialLivenessOptions.ReportMissingWorkers)}"] = "false",
            [$"{TrackingOutboxOptions.SectionName}:{nameof(TrackingOutboxOptions.Directory)}"] = TrackingOutboxFolder(options.StateDirectory),
        });

        var fileStorage = new AtomicFileGrainStorageOptions
        {
            RootDirectory = Path.Combine(options.StateDirectory, "state"),
            DamagedState = options.DamagedState,
        };
        builder.AddExperimentsNode(options.Workers > 0 ? NodeRoles.Embedded : NodeRoles.Silo, fileStorage);
        return builder;
    }
}
