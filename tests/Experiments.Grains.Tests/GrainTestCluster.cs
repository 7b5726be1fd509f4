using Experiments.Grains.Hosting;
using Experiments.Grains.Messaging;
using Experiments.Grains.Storage;
using Experiments.Tracking;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.TestingHost;

namespace Experiments.Grains.Tests;

/// <summary>An in-process Orleans cluster with file-backed grain state, a scripted worker and an MLflow file store.</summary>
public sealed class GrainTestCluster : IAsyncDisposable
{
    private GrainTestCluster(InProcessTestCluster cluster, string root, WorkerScript script)
    {
        Cluster = cluster;
        Root = root;
        Script = script;
    }

    public InProcessTestCluster Cluster { get; }

    public string Root { get; }

    public WorkerScript Script { get; }

    public IGrainFactory Grains => Cluster.Client;

    public string MlrunsDirectory => Path.Combine(Root, "mlruns");

    public string StateDirectory => Path.Combine(Root, "state");

    /// <summary>
    /// Starts a cluster; pass the folder of an earlier one to restart on its persisted state. State
    /// writes are retried briefly (tests of storage failures would otherwise wait the default 7.5 s);
    /// <paramref name="storage"/> changes that or other storage options, <paramref name="logs"/> sees the silo's log.
    /// </summary>
    public static async Task<GrainTestCluster> StartAsync(
        WorkerScript? script = null,
        string? root = null,
        Action<AtomicFileGrainStorageOptions>? storage = null,
        ILoggerProvider? logs = null)
    {
        root ??= Directory.CreateTempSubdirectory("experiments-grains-").FullName;
        script ??= new WorkerScript();
        var builder = new InProcessTestClusterBuilder(1);
        var stateDirectory = Path.Combine(root, "state");
        var mlruns = Path.Combine(root, "mlruns");
        var storageOptions = new AtomicFileGrainStorageOptions
        {
            RootDirectory = stateDirectory,
            WriteRetryDelays = [TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(40)],
        };
        storage?.Invoke(storageOptions);
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddExperimentsFileStorage(storageOptions);
            if (logs is not null)
            {
                silo.Services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
            }

            silo.Services.AddSingleton(script);
            silo.Services.AddSingleton<ITrialDispatcher, ScriptedWorker>();
            silo.Services.AddSingleton<IExperimentTracker>(_ => new MlflowFileStore(mlruns));
            silo.Services.AddExperimentsGrainServices();
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainTestCluster(cluster, root, script);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
    }
}
