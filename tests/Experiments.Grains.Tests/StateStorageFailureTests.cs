using Experiments.Testing;
using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Grains.Tests;

/// <summary>State writes that fail for real (a full tmpfs, a read-only bind mount): retried, then the sweep stops cleanly and resumes later.</summary>
public sealed class StateStorageFailureTests
{
    [Fact]
    public async Task A_full_state_disk_stops_the_sweep_naming_the_file_kills_its_trials_and_a_restart_resumes_once_space_is_freed()
    {
        var definition = Definitions.Vae(maxTrials: 3, parallel: 2);
        var root = Directory.CreateTempSubdirectory("experiments-full-").FullName;
        var stateDirectory = Directory.CreateDirectory(Path.Combine(root, "state")).FullName;
        using var disk = ScratchMount.Tmpfs(stateDirectory, "1m");
        Guid sweepId;
        string filler;

        var script = new WorkerScript { Hold = _ => true };
        await using (var first = await GrainTestCluster.StartAsync(script, root))
        {
            var started = await first.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
            sweepId = started.SweepId;
            var sweep = first.Grains.GetGrain<ISweepGrain>(sweepId);
            var trial0 = first.Grains.GetGrain<ITrialGrain>(TrialIds.For(sweepId, 0));
            await trial0.OnStartedAsync(1, "worker-a", "run-0");
            await first.Grains.GetGrain<ITrialGrain>(TrialIds.For(sweepId, 1)).OnStartedAsync(1, "worker-b", "run-1");
            await Polling.UntilAsync(sweep, s => s.Trials.All(t => t.Status == TrialStatus.Running));

            filler = disk.Fill();
            await trial0.OnEpochAsync(1, 1, 10, new() { ["elbo"] = -200 }); // as the bus delivers a worker's report

            var stopped = await Polling.UntilAsync(sweep, s => s.IsFinished);
            Assert.Equal(SweepStatus.Interrupted, stopped.Status);
            Assert.StartsWith($"cannot write grain state to {stateDirectory}/trial_", stopped.StorageFailure, StringComparison.Ordinal);
            Assert.EndsWith(".state: No space left on device", stopped.StorageFailure, StringComparison.Ordinal);
            Assert.All(stopped.Trials, t => Assert.Equal(TrialStatus.Killed, t.Status));
            Assert.Equal(
                [TrialIds.For(sweepId, 0), TrialIds.For(sweepId, 1)],
                script.Cancelled.Select(c => c.TrialId).Order(StringComparer.Ordinal));
            Assert.Empty(StateFiles.Temporary(stateDirectory));
        }

        // The files hold the last good state (both trials RUNNING): with space again, the same spec resumes it.
        File.Delete(filler);
        var secondScript = new WorkerScript();
        await using var second = await GrainTestCluster.StartAsync(secondScript, root);
        var resumed = await second.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var finished = await Polling.UntilAsync(second.Grains.GetGrain<ISweepGrain>(resumed.SweepId), s => s.IsFinished);

        Assert.True(resumed.Resumed);
        Assert.Equal(sweepId, resumed.SweepId);
        Assert.Equal(SweepStatus.Completed, finished.Status);
        Assert.Null(finished.StorageFailure);
        Assert.Equal(3, finished.Trials.Count);
        Assert.All(finished.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.All(secondScript.Dispatched.Where(d => d.TrialNumber < 2), d => Assert.Equal(2, d.Attempt));
    }

    [Fact]
    public async Task A_state_folder_that_turns_read_only_stops_the_sweep_naming_the_file_and_a_restart_resumes_once_writable()
    {
        var definition = Definitions.Vae(maxTrials: 2, parallel: 1);
        var root = Directory.CreateTempSubdirectory("experiments-readonly-").FullName;
        var stateDirectory = Directory.CreateDirectory(Path.Combine(root, "state")).FullName;
        Guid sweepId;

        var script = new WorkerScript { Hold = _ => true };
        await using (var first = await GrainTestCluster.StartAsync(script, root))
        {
            var started = await first.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
            sweepId = started.SweepId;
            var sweep = first.Grains.GetGrain<ISweepGrain>(sweepId);
            var trial0 = first.Grains.GetGrain<ITrialGrain>(TrialIds.For(sweepId, 0));
            await trial0.OnStartedAsync(1, "worker-a", "run-0");

            using (ScratchMount.ReadOnly(stateDirectory))
            {
                await trial0.OnCompletedAsync(1, new() { ["elbo"] = -150 });
                var stopped = await Polling.UntilAsync(sweep, s => s.IsFinished);

                Assert.Equal(SweepStatus.Interrupted, stopped.Status);
                Assert.Equal($"cannot write grain state to {StateFiles.Trial(stateDirectory, TrialIds.For(sweepId, 0))}: Read-only file system", stopped.StorageFailure);
                Assert.Equal(TrialStatus.Killed, Assert.Single(stopped.Trials).Status);
                Assert.Equal(TrialIds.For(sweepId, 0), Assert.Single(script.Cancelled).TrialId);
            }
        }

        var secondScript = new WorkerScript();
        await using var second = await GrainTestCluster.StartAsync(secondScript, root);
        var resumed = await second.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var finished = await Polling.UntilAsync(second.Grains.GetGrain<ISweepGrain>(resumed.SweepId), s => s.IsFinished);

        Assert.Equal(sweepId, resumed.SweepId);
        Assert.Equal(SweepStatus.Completed, finished.Status);
        Assert.All(finished.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
    }

    [Fact]
    public async Task A_write_that_fails_only_until_space_is_freed_is_retried_and_the_sweep_goes_on()
    {
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1);
        var root = Directory.CreateTempSubdirectory("experiments-retry-").FullName;
        var stateDirectory = Directory.CreateDirectory(Path.Combine(root, "state")).FullName;
        using var disk = ScratchMount.Tmpfs(stateDirectory, "1m");
        var logs = new CapturedLogs();
        // Enough attempts that the test frees space while the write is still being retried.
        await using var cluster = await GrainTestCluster.StartAsync(
            new WorkerScript { Hold = _ => true },
            root,
            storage => storage.WriteRetryDelays = [TimeSpan.FromMilliseconds(50), .. Enumerable.Repeat(TimeSpan.FromSeconds(1), 10)],
            logs);
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
        var trial = cluster.Grains.GetGrain<ITrialGrain>(TrialIds.For(started.SweepId, 0));
        await trial.OnStartedAsync(1, "worker-a", "run-0");

        var filler = disk.Fill();
        var report = trial.OnEpochAsync(1, 1, 10, new() { ["elbo"] = -180 });
        await logs.WaitForAsync(m => m.Contains("(attempt 2)", StringComparison.Ordinal), "about a second failed attempt");
        File.Delete(filler);
        await report;

        var snapshot = await Polling.UntilAsync(sweep, s => s.Trials.Single().Epoch == 1);
        Assert.Equal(SweepStatus.Running, snapshot.Status);
        Assert.Null(snapshot.StorageFailure);
        Assert.Contains(logs.Messages, m => m.Contains("No space left on device", StringComparison.Ordinal));
        Assert.Empty(StateFiles.Temporary(stateDirectory));
        Assert.Equal(1, (await trial.GetHistoryAsync()).Single().Epoch);
    }

    [Fact]
    public async Task A_trial_whose_own_state_was_never_written_is_launched_anew_when_the_sweep_resumes()
    {
        // The disk can fill up between the sweep saving a new trial's record and the trial saving its
        // launch: the files then hold a PENDING trial with no state of its own. Removing the trial's file
        // after an interrupt leaves exactly that.
        var definition = Definitions.Vae(maxTrials: 2, parallel: 2);
        var root = Directory.CreateTempSubdirectory("experiments-unwritten-").FullName;
        Guid sweepId;
        await using (var first = await GrainTestCluster.StartAsync(new WorkerScript { Hold = _ => true }, root))
        {
            var started = await first.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
            sweepId = started.SweepId;
            var sweep = first.Grains.GetGrain<ISweepGrain>(sweepId);
            await Polling.UntilAsync(sweep, s => s.Trials.Count == 2);
            await sweep.StopAsync("interrupted by test");
        }

        File.Delete(StateFiles.Trial(Path.Combine(root, "state"), TrialIds.For(sweepId, 1)));
        var script = new WorkerScript();
        await using var second = await GrainTestCluster.StartAsync(script, root);
        var resumed = await second.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var finished = await Polling.UntilAsync(second.Grains.GetGrain<ISweepGrain>(resumed.SweepId), s => s.IsFinished);

        Assert.Equal(SweepStatus.Completed, finished.Status);
        Assert.All(finished.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(1, script.Dispatched.Single(d => d.TrialNumber == 1).Attempt);
        Assert.Equal(2, script.Dispatched.Single(d => d.TrialNumber == 0).Attempt);
    }

    [Fact]
    public async Task Temporary_files_left_by_a_crash_are_removed_when_the_storage_first_touches_the_folder()
    {
        var root = Directory.CreateTempSubdirectory("experiments-stale-").FullName;
        var stateDirectory = Directory.CreateDirectory(Path.Combine(root, "state")).FullName;
        var stale = Path.Combine(stateDirectory, "sweep_0123.0123456789abcdef.state.5d41402abc4b2a76b9719d911017c592.tmp");
        var unrelated = Path.Combine(stateDirectory, "notes.tmp");
        File.WriteAllBytes(stale, []);
        File.WriteAllText(unrelated, "not ours");

        await using var cluster = await GrainTestCluster.StartAsync(new WorkerScript(), root);
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1);
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(started.SweepId), s => s.IsFinished);

        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(unrelated));
    }
}
