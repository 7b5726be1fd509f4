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
        // 1 experiment + 1 sweep + 3 trials + the sweep catalog
        Assert.Equal(6, files.Count(f => f.EndsWith(".state", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task The_parent_run_is_recorded_in_mlflow_and_closed_when_the_sweep_finishes()
    {
        await using var cluster = await GrainTestCluster.StartAsync();
        var definition = Definitions.Vae(maxTrials: 2, parallel: 1);
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var snapshot = await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(started.SweepId), s => s.IsFinished);

        var store = await cluster.DeliveredStoreAsync();
        var parent = await store.GetRunAsync(snapshot.ParentRunKey!, TestContext.Current.CancellationToken);
        Assert.NotNull(parent);
        Assert.Equal(Tracking.RunStatus.Finished, parent.Status);
        Assert.Equal(await store.GetOrCreateExperimentAsync(definition.Name, TestContext.Current.CancellationToken), parent.ExperimentId);
        Assert.Equal("vae", parent.Params["model"]);
        Assert.Equal("2", parent.Params["max_trials"]);
        var best = await store.GetMetricHistoryAsync(snapshot.ParentRunKey!, "best_elbo", TestContext.Current.CancellationToken);
        // A point when a trial becomes the best and one at the end, at the number of completed trials: two either way.
        Assert.Equal([1L, 2L], best.Select(m => m.Step).Order());
        Assert.Equal(snapshot.BestTrial!.Objective, best.MaxBy(m => m.Step)!.Value);
    }

    [Fact]
    public async Task State_files_written_before_the_header_existed_are_still_read_and_rewritten_with_it()
    {
        var definition = Definitions.Vae(maxTrials: 2, parallel: 1);
        var root = Directory.CreateTempSubdirectory("experiments-legacy-").FullName;
        Guid sweepId;
        await using (var first = await GrainTestCluster.StartAsync(new WorkerScript { Hold = _ => true }, root))
        {
            var started = await first.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
            sweepId = started.SweepId;
            await first.Grains.GetGrain<ISweepGrain>(sweepId).StopAsync("interrupted by test");
        }

        // Earlier versions wrote the serialized state alone: strip every file's header line.
        var stateDirectory = Path.Combine(root, "state");
        foreach (var file in Directory.GetFiles(stateDirectory, "*.state"))
        {
            var contents = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
            await File.WriteAllBytesAsync(file, contents[(Array.IndexOf(contents, (byte)'\n') + 1)..], TestContext.Current.CancellationToken);
        }

        await using var second = await GrainTestCluster.StartAsync(new WorkerScript(), root);
        var resumed = await second.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var snapshot = await Polling.UntilAsync(second.Grains.GetGrain<ISweepGrain>(resumed.SweepId), s => s.IsFinished);

        Assert.Equal(sweepId, resumed.SweepId);
        Assert.Equal(SweepStatus.Completed, snapshot.Status);
        Assert.StartsWith("experiments-state 1 sweep ", File.ReadAllText(StateFiles.Sweep(stateDirectory, sweepId)), StringComparison.Ordinal);
    }
}
