using Experiments.Contracts.Parameters;
using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Grains.Tests;

/// <summary>PBT in the sweep grain: the worst trial at an interval continues as a new attempt from the best one's state, with perturbed parameters.</summary>
public sealed class PopulationBasedTrainingTests
{
    [Fact]
    public async Task The_worst_trial_at_an_interval_runs_on_as_a_new_attempt_from_the_best_ones_state_with_perturbed_parameters()
    {
        var script = new WorkerScript { Hold = _ => true };
        await using var cluster = await GrainTestCluster.StartAsync(script);
        // ELBO is maximised; with 4 trials and quantile 0.25 the worst one exploits the best one at epoch 2 (of 6).
        var definition = Definitions.Vae(maxTrials: 4, parallel: 4) with
        {
            Epochs = 6,
            Scheduler = "pbt",
            SchedulerOptions = new Dictionary<string, ParameterValue> { ["interval"] = ParameterValue.Int(2), ["mutations"] = ParameterValue.Of("learning_rate") },
        };
        var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
        await Polling.UntilAsync(sweep, s => s.Trials.Count == 4);
        var trials = Enumerable.Range(0, 4).Select(n => cluster.Grains.GetGrain<ITrialGrain>(TrialIds.For(started.SweepId, n))).ToList();
        var before = (await sweep.GetSnapshotAsync()).Trials.ToDictionary(t => t.Number);
        for (var n = 0; n < 4; n++)
        {
            await trials[n].OnStartedAsync(1, $"worker-{n}", $"run-{n}");
            await trials[n].OnEpochAsync(1, 1, 10, new Dictionary<string, double> { ["elbo"] = -100 - (50 * n) });
        }

        // Epoch 2: trial 3 (lowest ELBO) reports once the sweep has the others' reports (they reach it asynchronously).
        for (var n = 0; n < 3; n++)
        {
            await trials[n].OnEpochAsync(1, 2, 20, new Dictionary<string, double> { ["elbo"] = -90 - (50 * n) });
        }

        await Polling.UntilAsync(sweep, s => s.Trials.Count(t => t.Curve.Count == 2) == 3);
        await trials[3].OnEpochAsync(1, 2, 20, new Dictionary<string, double> { ["elbo"] = -240 });

        var snapshot = await Polling.UntilAsync(sweep, s => s.Trials.Single(t => t.Number == 3).Attempt == 2);
        var exploited = snapshot.Trials.Single(t => t.Number == 3);
        Assert.Equal(TrialStatus.Pending, exploited.Status);
        var dispatched = script.Dispatched.Last(d => d.TrialNumber == 3);
        Assert.Equal(2, dispatched.Attempt);
        var inherit = dispatched.Inherit!;
        Assert.Equal((0, before[0].TrialId, 2, 2), (inherit.DonorNumber, inherit.DonorTrialId, inherit.Epoch, inherit.SinceAttempt));
        Assert.StartsWith("pbt at epoch 2: -240 is among the worst 1 of 4; continues from trial 0 (-90 at epoch 2)", inherit.Reason, StringComparison.Ordinal);
        // The donor's parameters, the learning rate perturbed; the sweep records the trial's new parameters.
        Assert.Equal(before[0].Parameters["latent_dim"], dispatched.Parameters["latent_dim"]);
        var ratio = dispatched.Parameters["learning_rate"].Number / before[0].Parameters["learning_rate"].Number;
        Assert.True(Math.Abs(ratio - 1.2) < 1e-9 || Math.Abs(ratio - (1 / 1.2)) < 1e-9, $"ratio {ratio}");
        Assert.Equal(dispatched.Parameters["learning_rate"], exploited.Parameters["learning_rate"]);
        Assert.Contains(script.Cancelled, c => c.TrialId == exploited.TrialId && c.Attempt == 1);
        Assert.All(snapshot.Trials.Where(t => t.Number != 3), t => Assert.Equal(1, t.Attempt));

        // The replaced attempt's late reports change nothing; the new attempt's epochs continue the curve.
        await trials[3].OnFailedAsync(1, "cancelled", killed: true);
        await trials[3].OnStartedAsync(2, "worker-3", "run-3b");
        await trials[3].OnEpochAsync(2, 3, 30, new Dictionary<string, double> { ["elbo"] = -80 });
        var summary = await trials[3].GetSummaryAsync();
        Assert.Equal(TrialStatus.Running, summary.Status);
        Assert.Equal([-250.0, -240.0, -80.0], summary.Curve);
    }
}
