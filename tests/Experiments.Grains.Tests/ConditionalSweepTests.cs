using Experiments.Contracts.Parameters;
using Experiments.Grains.Experiments;
using Experiments.Grains.Sweeps;
using Experiments.Grains.Trials;

namespace Experiments.Grains.Tests;

/// <summary>A sweep with conditional parameters persists its conditions and every trial, before and after a restart, gets only the parameters whose conditions hold.</summary>
public sealed class ConditionalSweepTests
{
    private static readonly ConditionDefinition WhenSixteen = new("latent_dim", [ParameterValue.Int(16)]);

    [Fact]
    public void Conditions_survive_the_persisted_form()
    {
        var definition = Conditional(Definitions.Vae(maxTrials: 6, parallel: 2));

        var space = definition.ToSearchSpace();

        Assert.Equal("latent_dim in [16]", Assert.Single(space.Find("beta")!.When).ToString());
        Assert.False(space.Find("latent_dim")!.IsConditional);
    }

    [Fact]
    public async Task Every_trial_gets_only_the_parameters_whose_conditions_hold_also_after_a_restart()
    {
        var definition = Conditional(Definitions.Vae(maxTrials: 12, parallel: 3));
        var root = Directory.CreateTempSubdirectory("experiments-conditional-").FullName;
        var first = new WorkerScript { Hold = t => t.TrialNumber >= 6 };
        await using (var cluster = await GrainTestCluster.StartAsync(first, root))
        {
            var started = await cluster.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
            var sweep = cluster.Grains.GetGrain<ISweepGrain>(started.SweepId);
            await Polling.UntilAsync(sweep, s => s.Trials.Count(t => t.Status == TrialStatus.Completed) == 6 && s.Trials.Count == 9);
            await sweep.StopAsync("interrupted by test");
        }

        var second = new WorkerScript();
        await using var restarted = await GrainTestCluster.StartAsync(second, root);
        var resumed = await restarted.Grains.GetGrain<IExperimentGrain>(definition.Name).StartSweepAsync(definition, true);
        var snapshot = await Polling.UntilAsync(restarted.Grains.GetGrain<ISweepGrain>(resumed.SweepId), s => s.IsFinished);

        Assert.True(resumed.Resumed);
        Assert.Equal(12, snapshot.Trials.Count);
        var dispatched = first.Dispatched.Concat(second.Dispatched).ToList();
        Assert.All(dispatched, trial =>
            Assert.Equal(trial.Parameters["latent_dim"] == ParameterValue.Int(16), trial.Parameters.ContainsKey("beta")));
        Assert.Contains(dispatched, trial => trial.Parameters.ContainsKey("beta"));
        Assert.Contains(dispatched, trial => !trial.Parameters.ContainsKey("beta"));
    }

    /// <summary>beta exists only when latent_dim is 16.</summary>
    private static SweepDefinition Conditional(SweepDefinition definition) => definition with
    {
        Parameters =
        [
            .. definition.Parameters,
            new DistributionDefinition("beta", DistributionType.Uniform, 0.5, 1.5, false, 0, null, [], When: [WhenSixteen]),
        ],
    };
}
