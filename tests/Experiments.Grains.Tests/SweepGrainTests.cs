using Experiments.Contracts.Parameters;
using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Grains.Tests;

public sealed class SweepGrainTests
{
    [Fact]
    public async Task A_sweep_runs_every_trial_within_the_parallel_limit_and_ranks_the_best()
    {
        var script = new WorkerScript { Objective = t => -t.Parameters["learning_rate"].AsDouble() * 1000 };
        await using var cluster = await GrainTestCluster.StartAsync(script);
        var definition = Definitions.Vae(maxTrials: 6, parallel: 2);

        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, resumeUnfinished: true);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
        var snapshot = await Polling.UntilAsync(sweep, s => s.IsFinished);

        Assert.False(started.Resumed);
        Assert.Equal(SweepStatus.Completed, snapshot.Status);
        Assert.Equal(6, snapshot.Trials.Count);
        Assert.All(snapshot.Trials, t => Assert.Equal(TrialStatus.Completed, t.Status));
        Assert.Equal(6, script.Dispatched.Count);
        Assert.InRange(script.MaxConcurrent, 1, 2);
        var expectedBest = snapshot.Trials.MaxBy(t => t.Objective)!;
        Assert.Equal(expectedBest.TrialId, snapshot.BestTrialId);
        Assert.All(snapshot.Trials, t => Assert.Equal(2, t.Epoch));
        Assert.Equal(6, snapshot.Trials.Select(t => t.Parameters["learning_rate"].AsDouble()).Distinct().Count());
    }

    [Fact]
    public async Task The_sweep_fails_once_more_trials_fail_than_max_failed_allows()
    {
        var script = new WorkerScript { Objective = _ => null };
        await using var cluster = await GrainTestCluster.StartAsync(script);
        var definition = Definitions.Vae(maxTrials: 10, parallel: 1, maxFailed: 2);

        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var snapshot = await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(started.SweepId), s => s.IsFinished);

        Assert.Equal(SweepStatus.Failed, snapshot.Status);
        Assert.Equal(3, snapshot.Trials.Count(t => t.Status == TrialStatus.Failed));
        Assert.Equal(3, script.Dispatched.Count);
        Assert.Contains("max_failed", snapshot.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grid_search_stops_when_the_grid_is_exhausted()
    {
        await using var cluster = await GrainTestCluster.StartAsync();
        var definition = Definitions.Vae(maxTrials: 50, parallel: 3, algorithm: "grid") with
        {
            Parameters =
            [
                new DistributionDefinition("latent_dim", DistributionType.Choice, 0, 0, false, 0, null, [ParameterValue.Int(4), ParameterValue.Int(8)]),
                new DistributionDefinition("beta", DistributionType.Choice, 0, 0, false, 0, null, [ParameterValue.Float(0.5), ParameterValue.Float(1), ParameterValue.Float(2)]),
            ],
        };

        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var snapshot = await Polling.UntilAsync(cluster.Grains.GetGrain<ISweepGrain>(started.SweepId), s => s.IsFinished);

        Assert.Equal(SweepStatus.Completed, snapshot.Status);
        Assert.Equal(6, snapshot.Trials.Count);
        var combinations = snapshot.Trials.Select(t => $"{t.Parameters["latent_dim"]}/{t.Parameters["beta"]}").ToHashSet();
        Assert.Equal(6, combinations.Count);
    }

    [Fact]
    public async Task Reports_for_an_old_attempt_or_a_repeated_epoch_are_ignored()
    {
        var script = new WorkerScript { Hold = _ => true };
        await using var cluster = await GrainTestCluster.StartAsync(script);
        var definition = Definitions.Vae(maxTrials: 1, parallel: 1);
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
        var trialId = TrialIds.For(started.SweepId, 0);
        var trial = cluster.Grains.GetGrain<ITrialGrain>(trialId);

        await trial.OnStartedAsync(1, "w", "run-a");
        await trial.OnEpochAsync(1, 1, 10, new() { ["elbo"] = -200 });
        await trial.OnEpochAsync(1, 1, 10, new() { ["elbo"] = -999 }); // redelivered
        await trial.OnCompletedAsync(2, new() { ["elbo"] = 5 });        // not the current attempt
        var summary = await trial.GetSummaryAsync();

        Assert.Equal(TrialStatus.Running, summary.Status);
        Assert.Equal(-200, summary.Objective);
        Assert.Single(await trial.GetHistoryAsync());

        await trial.OnCompletedAsync(1, new() { ["elbo"] = -150 });
        await trial.OnFailedAsync(1, "late failure", killed: false); // after completion: ignored
        var snapshot = await Polling.UntilAsync(sweep, s => s.IsFinished);
        Assert.Equal(SweepStatus.Completed, snapshot.Status);
        Assert.Equal(-150, snapshot.Trials.Single().Objective);
    }
}
