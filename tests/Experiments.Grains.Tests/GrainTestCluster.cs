using Experiments.Grains.Hosting;
using Experiments.Grains.Messaging;
using Experiments.Grains.Storage;
using Experiments.Grains.Trials;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Orleans.TestingHost;

namespace Experiments.Grains.Tests;

/// <summary>An in-process Orleans cluster with file-backed grain state, a scripted worker and an MLflow file store.</summary>
public sealed class GrainTestCluster : IAsyncDisposable
{
    private GrainTestCluster(InProcessTestCluster cluster, string root, WorkerScript script, TrackingOutbox outbox, MlflowFileStore store)
    {
        Cluster = cluster;
        Root = root;
        Script = script;
        Outbox = outbox;
        Store = store;
    }

    /// <summary>Where the grains queue MLflow data; delivered to <see cref="Store"/>.</summary>
    public TrackingOutbox Outbox { get; }

    public MlflowFileStore Store { get; }

    /// <summary>The MLflow file store once everything the grains queued has been delivered to it.</summary>
    public async Task<MlflowFileStore> DeliveredStoreAsync()
    {
        Assert.True(await Outbox.WaitForDeliveryAsync(TimeSpan.FromSeconds(60), TestContext.Current.CancellationToken), $"tracking not delivered: {Outbox.Status}");
        return Store;
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
    /// Sweeps check their trials every 100 ms; <paramref name="silenceTimeout"/> is how long a worker may stay silent.
    /// </summary>
    public static async Task<GrainTestCluster> StartAsync(
        WorkerScript? script = null,
        string? root = null,
        Action<AtomicFileGrainStorageOptions>? storage = null,
        ILoggerProvider? logs = null,
        TimeSpan? silenceTimeout = null)
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
        var store = new MlflowFileStore(mlruns);
        var outbox = new TrackingOutbox(
            store,
            new TrackingOutboxOptions { Directory = Path.Combine(root, "outbox"), RetryBaseDelay = TimeSpan.FromMilliseconds(50), MaxRetryDelay = TimeSpan.FromMilliseconds(500) },
            mlruns,
            logs is null ? NullLoggerFactory.Instance : LoggerFactory.Create(logging => logging.AddProvider(logs)));
        outbox.Start();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddExperimentsFileStorage(storageOptions);
            silo.UseInMemoryReminderService();
            if (logs is not null)
            {
                silo.Services.AddLogging(logging => logging.AddProvider(logs).SetMinimumLevel(LogLevel.Information));
            }

            silo.Services.AddSingleton(script);
            silo.Services.AddSingleton<ITrialDispatcher, ScriptedWorker>();
            silo.Services.AddSingleton<ITrackingOutbox>(outbox);
            silo.Services.AddExperimentsGrainServices();
            silo.Services.Configure<TrialLivenessOptions>(liveness =>
            {
                liveness.CheckInterval = TimeSpan.FromMilliseconds(100);
                liveness.SilenceTimeout = silenceTimeout ?? liveness.SilenceTimeout;
            });
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new GrainTestCluster(cluster, root, script, outbox, store);
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.StopAllSilosAsync();
        await Cluster.DisposeAsync();
        await Outbox.DisposeAsync();
    }
}
