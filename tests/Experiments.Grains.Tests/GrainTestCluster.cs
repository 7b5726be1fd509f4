using Experiments.Grains.Hosting;
using Experiments.Grains.Messaging;
using Experiments.Tracking;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>Starts a cluster; pass the folder of an earlier one to restart on its persisted state.</summary>
    public static async Task<GrainTestCluster> StartAsync(WorkerScript? script = null, string? root = null)
    {
        root ??= Directory.CreateTempSubdirectory("experiments-grains-").FullName;
        script ??= new WorkerScript();
        var builder = new InProcessTestClusterBuilder(1);
        var stateDirectory = Path.Combine(root, "state");
        var mlruns = Path.Combine(root, "mlruns");
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddExperimentsFileStorage(stateDirectory);
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
