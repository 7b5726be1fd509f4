using Experiments.Contracts.Trials;
using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Grains.Tests;

public sealed class ResumeTests
{
    [Fact]
    public async Task An_interrupted_sweep_resumes_after_a_restart_keeping_finished_trials_and_rerunning_the_rest()
    {
        var definition = Definitions.Vae(maxTrials: 4, parallel: 2) with { Checkpoints = new CheckpointPolicy(Every: 2, KeepLast: 3) };
        var root = Directory.CreateTempSubdirectory("experiments-resume-").FullName;
        Guid sweepId;
        List<TrialSummary> before;

        // First run: two trials finish, then the sweep is interrupted while two more are training.
        var firstScript = new WorkerScript { Hold = t => t.TrialNumber >= 2 };
        await using (var first = await GrainTestCluster.StartAsync(firstScript, root))
        {
            var started = await first.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
            sweepId = started.SweepId;
            var sweep = first.Grains.GetGrain<ISweepGrain>(sweepId);
            await Polling.UntilAsync(sweep, s => s.Trials.Count == 4 && s.Trials.Count(t => t.Status == TrialStatus.Completed) == 2);
            await sweep.StopAsync("interrupted by test");
            var interrupted = await sweep.GetSnapshotAsync();
            before = interrupted.Trials.ToList();
            Assert.Equal(SweepStatus.Interrupted, interrupted.Status);
            Assert.All(interrupted.Trials.Where(t => t.Status != TrialStatus.Completed), t => Assert.Equal(TrialStatus.Killed, t.Status));
            Assert.NotEmpty(firstScript.Cancelled);
        }

        // Second run on the same state: the same spec resumes the same sweep.
        var secondScript = new WorkerScript();
        await using var second = await GrainTestCluster.StartAsync(secondScript, root);
        var resumed = await second.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var snapshot = await Polling.UntilAsync(second.Grains.GetGrain<ISweepGrain>(resumed.SweepId), s => s.IsFinished);

        Assert.True(resumed.Resumed);
        Assert.Equal(sweepId, resumed.SweepId);
        Assert.Equal(SweepStatus.Completed, snapshot.Status);
        Assert.Equal(4, snapshot.Trials.Count);
        Assert.All(snapshot.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        var finishedBefore = before.Where(t => t.Status == TrialStatus.Completed).Select(t => t.TrialId).ToHashSet();
        var rerun = secondScript.Dispatched.Select(d => d.TrialId).ToHashSet();
        Assert.Empty(rerun.Intersect(finishedBefore));
        Assert.Equal(2, finishedBefore.Count);
        Assert.Equal(2, rerun.Count);
        Assert.All(secondScript.Dispatched, d => Assert.Equal(2, d.Attempt));

        // The checkpoint policy survives the restart (persisted with the definition) and reaches the worker.
        Assert.All(firstScript.Dispatched.Concat(secondScript.Dispatched), d => Assert.Equal(new CheckpointPolicy(2, 3), d.Checkpoints));
        foreach (var trial in before)
        {
            Assert.Equal(trial.Parameters, snapshot.Trials.Single(t => t.TrialId == trial.TrialId).Parameters);
        }

        // A completed sweep is not run again: the same spec returns it as it is (Optuna's load_if_exists).
        var dispatched = secondScript.Dispatched.Count;
        var again = await second.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        Assert.True(again.AlreadyFinished);
        Assert.False(again.Resumed);
        Assert.Equal(sweepId, again.SweepId);
        Assert.Equal(dispatched, secondScript.Dispatched.Count);

        // --new starts another one.
        var another = await second.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, false);
        Assert.False(another.AlreadyFinished);
        Assert.NotEqual(sweepId, another.SweepId);
    }

    [Fact]
    public async Task A_failed_sweep_is_returned_as_it_ended_and_not_run_again()
    {
        var script = new WorkerScript { Objective = _ => null };
        await using var cluster = await GrainTestCluster.StartAsync(script);
        var definition = Definitions.Vae(maxTrials: 2, parallel: 1, maxFailed: 0);
        var experiment = cluster.Grains.GetGrain<IExperimentGrain>(definition.Name);
        var started = await experiment.StartSweepAsync(definition, true);
        var failed = await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(started.SweepId), s => s.IsFinished);
        Assert.Equal(SweepStatus.Failed, failed.Status);
        var dispatched = script.Dispatched.Count;

        var again = await experiment.StartSweepAsync(definition, true);

        Assert.True(again.AlreadyFinished);
        Assert.Equal(started.SweepId, again.SweepId);
        Assert.Equal(dispatched, script.Dispatched.Count);
        Assert.Equal(SweepStatus.Failed, (await cluster.Grains.GetGrain<ISweepGrain>(again.SweepId).GetSnapshotAsync()).Status);
    }
}
