using Experiments.Grains.Experiments;
using Experiments.Grains.Storage;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Grains.Tests;

/// <summary>State files damaged for real (truncated, garbled, replaced): named, kept, and never a dead end.</summary>
public sealed class StateFileDamageTests
{
    [Fact]
    public async Task A_truncated_experiment_file_is_named_and_kept_and_a_new_start_sets_it_aside()
    {
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1);
        var root = await RunToCompletionAsync(definition);
        var stateDirectory = Path.Combine(root, "state");
        var file = StateFiles.Experiment(stateDirectory);
        var whole = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        var truncated = whole[..^5];
        await File.WriteAllBytesAsync(file, truncated, TestContext.Current.CancellationToken);

        await using (var resuming = await GrainTestCluster.StartAsync(new WorkerScript(), root))
        {
            var damaged = await Assert.ThrowsAsync<GrainStateDamagedException>(
                () => resuming.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true));

            Assert.Equal(file, damaged.Path);
            Assert.Equal("experiment", damaged.StateName);
            Assert.Equal($"truncated: {truncated.Length - (whole.Length - Payload(whole))} of {Payload(whole)} bytes", damaged.Damage);
            Assert.Equal($"The state file {file} is damaged ({damaged.Damage})", damaged.Message);
            Assert.Equal(truncated, await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
        }

        // A fresh start (run --new) sets the damaged record aside, keeps it, and starts a new one.
        await using var fresh = await GrainTestCluster.StartAsync(new WorkerScript(), root, storage => storage.DamagedState = DamagedStateHandling.SetAside);
        var started = await fresh.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, false);
        var snapshot = await Polling.UntilAsync(fresh.Grains.GetGrain<ISweepGrain>(started.SweepId), s => s.IsFinished);

        Assert.Equal(SweepStatus.Completed, snapshot.Status);
        Assert.Equal(truncated, await File.ReadAllBytesAsync(file + ".damaged", TestContext.Current.CancellationToken));
        Assert.Equal([started.SweepId], (await fresh.Grains.GetGrain<IExperimentGrain>(definition.Name).GetSweepsAsync()).Select(s => s.SweepId));
    }

    [Fact]
    public async Task A_garbled_sweep_file_is_named_and_kept_and_a_new_sweep_still_starts()
    {
        var definition = Definitions.Vae(maxTrials: 2, parallel: 1);
        var (root, sweepId) = await InterruptAsync(definition);
        var file = StateFiles.Sweep(Path.Combine(root, "state"), sweepId);
        var garbled = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
        for (var i = garbled.Length - 40; i < garbled.Length - 30; i++)
        {
            garbled[i] ^= 0x5A;
        }

        await File.WriteAllBytesAsync(file, garbled, TestContext.Current.CancellationToken);

        var script = new WorkerScript();
        await using var cluster = await GrainTestCluster.StartAsync(script, root);
        var experiment = cluster.Grains.GetGrain<IExperimentGrain>(definition.Name);
        var damaged = await Assert.ThrowsAsync<GrainStateDamagedException>(() => experiment.StartSweepAsync(definition, true));

        Assert.Equal(file, damaged.Path);
        Assert.Equal("sweep", damaged.StateName);
        Assert.Equal("garbled: its content does not match its checksum", damaged.Damage);
        Assert.Empty(script.Dispatched);

        var fresh = await experiment.StartSweepAsync(definition, false);
        Assert.NotEqual(sweepId, fresh.SweepId);
        Assert.Equal(SweepStatus.Completed, (await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(fresh.SweepId), s => s.IsFinished)).Status);
        Assert.Equal(garbled, await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task A_trial_file_replaced_by_another_trials_is_named_before_any_trial_is_dispatched_again()
    {
        var definition = Definitions.Vae(maxTrials: 2, parallel: 2);
        var (root, sweepId) = await InterruptAsync(definition);
        var stateDirectory = Path.Combine(root, "state");
        var trial1 = StateFiles.Trial(stateDirectory, TrialIds.For(sweepId, 1));
        File.Copy(StateFiles.Trial(stateDirectory, TrialIds.For(sweepId, 0)), trial1, overwrite: true);

        var script = new WorkerScript();
        await using var cluster = await GrainTestCluster.StartAsync(script, root);
        var damaged = await Assert.ThrowsAsync<GrainStateDamagedException>(
            () => cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true));

        Assert.Equal(trial1, damaged.Path);
        Assert.Equal("trial", damaged.StateName);
        Assert.Equal(
            $"it holds the trial state of trial/{TrialIds.For(sweepId, 0)}, not the trial state of trial/{TrialIds.For(sweepId, 1)}",
            damaged.Damage);
        Assert.Empty(script.Dispatched);
    }

    [Fact]
    public async Task A_state_file_overwritten_with_other_content_is_named_as_unreadable()
    {
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1);
        var root = await RunToCompletionAsync(definition);
        var file = StateFiles.Experiment(Path.Combine(root, "state"));
        await File.WriteAllTextAsync(file, "name: not a state file\n", TestContext.Current.CancellationToken);

        await using var cluster = await GrainTestCluster.StartAsync(new WorkerScript(), root);
        var damaged = await Assert.ThrowsAsync<GrainStateDamagedException>(
            () => cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true));

        Assert.Equal(file, damaged.Path);
        Assert.Equal("unreadable as experiment state", damaged.Damage);
    }

    /// <summary>The length the header declares for the serialized state.</summary>
    private static int Payload(byte[] file) =>
        int.Parse(System.Text.Encoding.ASCII.GetString(file, 0, Array.IndexOf(file, (byte)'\n')).Split(' ')[4], System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<string> RunToCompletionAsync(SweepDefinition definition)
    {
        await using var cluster = await GrainTestCluster.StartAsync(new WorkerScript());
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(started.SweepId), s => s.Status == SweepStatus.Completed);
        return cluster.Root;
    }

    /// <summary>A sweep interrupted while all its trials were still running.</summary>
    private static async Task<(string Root, Guid SweepId)> InterruptAsync(SweepDefinition definition)
    {
        await using var cluster = await GrainTestCluster.StartAsync(new WorkerScript { Hold = _ => true });
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
        await Polling.UntilAsync(sweep, s => s.Trials.Count == definition.Parallel);
        await sweep.StopAsync("interrupted by test");
        return (cluster.Root, started.SweepId);
    }
}
