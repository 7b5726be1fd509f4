using Experiments.Grains.Sweeps;
using Experiments.Grains.Experiments;

namespace Experiments.Grains.Tests;

public sealed class StorageTests
{
    [Fact]
    public async Task Grain_state_files_are_written_whole_and_no_temporary_files_remain()
    {
        await using var cluster = await GrainTestCluster.StartAsync();
        var definition = Definitions.Vae(maxTrials: 3, parallel: 3);
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(started.SweepId), s => s.IsFinished);

        var files = Directory.GetFiles(Path.Combine(cluster.Root, "state"));
        Assert.Contains(files, f => f.EndsWith(".state", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.EndsWith(".tmp", StringComparison.Ordinal));
        // 1 experiment + 1 sweep + 3 trials
        Assert.Equal(5, files.Count(f => f.EndsWith(".state", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_parent_run_is_recorded_in_mlflow_and_closed_when_the_sweep_finishes()
    {
        await using var cluster = await GrainTestCluster.StartAsync();
        var definition = Definitions.Vae(maxTrials: 2, parallel: 1);
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var snapshot = await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(started.SweepId), s => s.IsFinished);

        var store = new Tracking.MlflowFileStore(cluster.MlrunsDirectory);
        var parent = await store.GetRunAsync(snapshot.ParentRunId!, TestContext.Current.CancellationToken);
        Assert.NotNull(parent);
        Assert.Equal(Tracking.RunStatus.Finished, parent.Status);
        Assert.Equal(snapshot.ExperimentId, parent.ExperimentId);
        Assert.Equal("vae", parent.Params["model"]);
        Assert.Equal("2", parent.Params["max_trials"]);
        var best = await store.GetMetricHistoryAsync(snapshot.ParentRunId!, "best_elbo", TestContext.Current.CancellationToken);
        Assert.Equal(2, best.Count);
        Assert.Equal(snapshot.BestTrial!.Objective, best[^1].Value);
    }
}
