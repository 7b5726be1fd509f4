using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Grains.Tests;

/// <summary>The sweep's scheduler prunes a trial that falls behind: PRUNED for good, its worker told, its slot refilled.</summary>
public sealed class PruningTests
{
    [Fact]
    public async Task A_trial_behind_at_an_asha_rung_is_pruned_its_worker_cancelled_and_its_slot_given_to_the_next_trial()
    {
        var script = new WorkerScript { Hold = _ => true };
        await using var cluster = await GrainTestCluster.StartAsync(script);
        // ELBO is maximised; ASHA's first rung is epoch 1 (of 9).
        var definition = Definitions.Vae(maxTrials: 3, parallel: 2) with { Epochs = 9, Scheduler = "asha" };
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
        await Polling.UntilAsync(sweep, s => s.Trials.Count == 2);
        var (first, second) = (cluster.Grains.GetGrain<ITrialGrain>(TrialIds.For(started.SweepId, 0)), cluster.Grains.GetGrain<ITrialGrain>(TrialIds.For(started.SweepId, 1)));
        await first.OnStartedAsync(1, "worker-a", "run-a");
        await second.OnStartedAsync(1, "worker-b", "run-b");

        await first.OnEpochAsync(1, 1, 10, new Dictionary<string, double> { ["elbo"] = -100 });
        await second.OnEpochAsync(1, 1, 10, new Dictionary<string, double> { ["elbo"] = -300 });

        var snapshot = await Polling.UntilAsync(sweep, s => s.Trials.Count == 3);
        var pruned = snapshot.Trials.Single(t => t.Number == 1);
        Assert.Equal(TrialStatus.Pruned, pruned.Status);
        Assert.Contains("asha rung at epoch 1", pruned.Error, StringComparison.Ordinal);
        Assert.Equal(TrialStatus.Running, snapshot.Trials.Single(t => t.Number == 0).Status);
        Assert.Contains(script.Cancelled, c => c.TrialId == pruned.TrialId);

        // Pruned is final: a late report, a kill and the sweep's resume change nothing.
        await second.OnEpochAsync(1, 2, 20, new Dictionary<string, double> { ["elbo"] = -50 });
        Assert.Equal(TrialStatus.Pruned, (await second.KillAsync("sweep stopped")).Status);
        Assert.Equal([-300.0], (await second.GetSummaryAsync()).Curve);
        await sweep.StopAsync("interrupted");
        await sweep.ResumeAsync();
        var resumed = await second.GetSummaryAsync();
        Assert.Equal(TrialStatus.Pruned, resumed.Status);
        Assert.Equal(1, resumed.Attempt);
        Assert.Single(script.Dispatched, s => s.TrialId == pruned.TrialId);
    }
}
