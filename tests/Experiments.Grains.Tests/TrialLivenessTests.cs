using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Grains.Tests;

/// <summary>
/// Nothing waits forever: a worker that goes silent, an attempt saved as dispatched but never sent, or a trial whose
/// state file disappears does not hang the sweep.
/// </summary>
public sealed class TrialLivenessTests
{
    private static readonly TimeSpan Silence = TimeSpan.FromMilliseconds(600);

    [Fact]
    public async Task A_trial_whose_worker_goes_silent_runs_again_as_a_new_attempt_and_the_sweep_completes()
    {
        var script = new WorkerScript { Vanish = trial => trial.Attempt == 1 };
        await using var cluster = await GrainTestCluster.StartAsync(script, silenceTimeout: Silence);
        var definition = Definitions.Vae(maxTrials: 2, parallel: 2, maxFailed: 2);

        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var snapshot = await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(started.SweepId), s => s.IsFinished);

        Assert.Equal(SweepStatus.Completed, snapshot.Status);
        Assert.All(snapshot.Trials, trial =>
        {
            Assert.Equal(TrialStatus.Completed, trial.Status);
            Assert.Equal(2, trial.Attempt);
            Assert.Equal(1, trial.LostAttempts);
        });
        // The silent attempts are cancelled, in case their worker was only cut off and still trains them.
        Assert.Equal(2, script.Cancelled.Count(c => c.Attempt == 1 && c.Reason.Contains("went silent", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task An_attempt_saved_as_dispatched_whose_sending_was_not_recorded_is_sent_again_by_the_next_activation()
    {
        // The first copy is lost (as if the silo went down between saving the attempt and publishing it).
        var dispatches = 0;
        var script = new WorkerScript { Hold = _ => Interlocked.Increment(ref dispatches) == 1 };
        await using var cluster = await GrainTestCluster.StartAsync(script);
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1);
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
        await Polling.UntilAsync(sweep, s => s.Trials.Count == 1 && s.Trials[0].Status == TrialStatus.Pending);

        // The activation that sent it goes before it recorded so (a silo restart within the record delay).
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);

        var snapshot = await Polling.UntilAsync(sweep, s => s.IsFinished);
        Assert.Equal(SweepStatus.Completed, snapshot.Status);
        Assert.Equal([1, 1], script.Dispatched.Select(d => d.Attempt));
    }

    [Fact]
    public async Task An_attempt_waiting_in_the_queue_is_not_sent_again_when_its_grain_is_activated_anew()
    {
        var script = new WorkerScript { Hold = _ => true };
        await using var cluster = await GrainTestCluster.StartAsync(script);
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1);
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
        await Polling.UntilAsync(sweep, s => s.Trials.Count == 1 && s.Trials[0].Status == TrialStatus.Pending);

        // Past the record delay (2 s) the grain has saved that the attempt was sent; a new activation leaves it queued.
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(1), TestContext.Current.CancellationToken); // ten liveness checks

        Assert.Single(script.Dispatched);
        Assert.Equal(TrialStatus.Pending, (await sweep.GetSnapshotAsync()).Trials.Single().Status);
    }

    [Fact]
    public async Task Lost_attempts_count_against_max_failed_and_then_the_trial_fails_with_the_reason()
    {
        var script = new WorkerScript { Vanish = _ => true };
        await using var cluster = await GrainTestCluster.StartAsync(script, silenceTimeout: Silence);
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1, maxFailed: 1);

        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var snapshot = await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(started.SweepId), s => s.IsFinished);

        var trial = Assert.Single(snapshot.Trials);
        Assert.Equal(TrialStatus.Failed, trial.Status);
        Assert.Contains("went silent", trial.Error, StringComparison.Ordinal);
        Assert.Equal(2, script.Dispatched.Count);
        Assert.Equal(SweepStatus.Failed, snapshot.Status);
    }

    [Fact]
    public async Task A_trial_whose_state_file_is_deleted_is_launched_again_and_the_sweep_completes()
    {
        var dispatches = 0;
        var script = new WorkerScript { Hold = _ => Interlocked.Increment(ref dispatches) == 1 };
        await using var cluster = await GrainTestCluster.StartAsync(script);
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1);
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
        await Polling.UntilAsync(sweep, s => s.Trials.Count == 1 && s.Trials[0].Status == TrialStatus.Pending);

        // The file goes, and the grain holding it in memory goes too (idle collection, a silo restart).
        File.Delete(StateFiles.Trial(cluster.StateDirectory, TrialIds.For(started.SweepId, 0)));
        await cluster.Grains.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero, TestContext.Current.CancellationToken);

        var snapshot = await Polling.UntilAsync(sweep, s => s.IsFinished);
        Assert.Equal(SweepStatus.Completed, snapshot.Status);
        Assert.Equal(TrialStatus.Completed, Assert.Single(snapshot.Trials).Status);
        Assert.Equal(2, script.Dispatched.Count);
    }

    [Fact]
    public async Task A_state_file_deleted_under_a_running_sweep_is_written_again_and_the_sweep_completes()
    {
        var dispatches = 0;
        var script = new WorkerScript { Hold = _ => Interlocked.Increment(ref dispatches) == 1 };
        await using var cluster = await GrainTestCluster.StartAsync(script, silenceTimeout: Silence);
        var definition = Definitions.Vae(maxTrials: 2, parallel: 1);
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
        await Polling.UntilAsync(sweep, s => s.Trials.Count == 1);

        File.Delete(StateFiles.Sweep(cluster.StateDirectory, started.SweepId));
        await cluster.Grains.GetGrain<ITrialGrain>(TrialIds.For(started.SweepId, 0)).OnStartedAsync(1, "worker-a", Guid.NewGuid().ToString("N"));

        // The held attempt's worker never says more: it is taken as lost, runs again, and the sweep goes on to the end.
        var snapshot = await Polling.UntilAsync(sweep, s => s.IsFinished);
        Assert.Equal(SweepStatus.Completed, snapshot.Status);
        Assert.True(File.Exists(StateFiles.Sweep(cluster.StateDirectory, started.SweepId)));
    }
}
