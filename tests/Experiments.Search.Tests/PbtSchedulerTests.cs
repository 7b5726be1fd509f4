using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

/// <summary>Population-based training: the worst quantile exploits the best at each interval, with parameters explored within their bounds.</summary>
public sealed class PbtSchedulerTests
{
    private static readonly SearchSpace Space = new(
    [
        new("learning_rate", new LogUniformDistribution(1e-4, 1e-1)),
        new("dropout", new UniformDistribution(0, 0.5, Step: 0.1)),
        new("layers", new IntDistribution(1, 8, Log: false)),
        new("activation", new ChoiceDistribution([ParameterValue.Of("relu"), ParameterValue.Of("gelu"), ParameterValue.Of("silu")])),
    ]);

    [Fact]
    public void At_an_interval_a_trial_among_the_worst_quarter_takes_a_best_quarter_trials_state_and_others_go_on()
    {
        var pbt = Create();
        var population = Population(8, epochs: 4);

        var worst = pbt.Decide(population[7], population[..7]);
        var best = pbt.Decide(population[0], population[1..]);
        var middle = pbt.Decide(population[4], population.Where(t => t.Number != 4).ToList());

        Assert.True(worst.Exploits, worst.Reason);
        Assert.Contains(worst.Donor!.Value, new[] { 0, 1 });
        Assert.StartsWith("pbt at epoch 4: ", worst.Reason, StringComparison.Ordinal);
        Assert.Contains("among the worst 2 of 8", worst.Reason, StringComparison.Ordinal);
        Assert.False(worst.Stop);
        Assert.Equal(SchedulerDecision.Continue, best);
        Assert.Equal(SchedulerDecision.Continue, middle);
    }

    [Fact]
    public void Only_at_intervals_and_never_at_the_last_epoch()
    {
        var pbt = Create(("interval", ParameterValue.Int(4)));

        Assert.False(pbt.Decide(Population(8, epochs: 3)[7], Population(8, epochs: 3)[..7]).Exploits);
        Assert.True(pbt.Decide(Population(8, epochs: 4)[7], Population(8, epochs: 4)[..7]).Exploits);
        Assert.False(pbt.Decide(Population(8, epochs: 12)[7], Population(8, epochs: 12)[..7]).Exploits); // the budget's last epoch

        // Until the next boundary a trial is judged again at each report, at the boundary, unless it took another's state there.
        var fifth = Population(8, epochs: 5);
        var again = pbt.Decide(fifth[7], fifth[..7]);
        Assert.Equal(4, again.Epoch);
        Assert.StartsWith("pbt at epoch 4: ", again.Reason, StringComparison.Ordinal);
        Assert.False(pbt.Decide(fifth[7] with { InheritedAt = 4 }, fifth[..7]).Exploits);
    }

    [Fact]
    public void Explored_parameters_are_the_donors_moved_within_their_bounds_and_only_those_named()
    {
        var population = Population(8, epochs: 2);
        foreach (var seed in Enumerable.Range(0, 50))
        {
            var all = Create(seed, ("resample_probability", ParameterValue.Float(0.3)), ("mutations", ParameterValue.Of("learning_rate, dropout, layers, activation")));
            var decision = all.Decide(population[7], population[..7]);
            foreach (var parameter in Space.Parameters)
            {
                Assert.True(parameter.Distribution.Contains(decision.Parameters![parameter.Name]), $"{parameter.Name} = {decision.Parameters[parameter.Name]}");
            }

            var onlyRate = Create(seed, ("mutations", ParameterValue.Of("learning_rate"))).Decide(population[7], population[..7]);
            var kept = Space.Parameters.Select(p => p.Name).Where(n => n != "learning_rate");
            var onlyRateDonor = population.Single(t => t.Number == onlyRate.Donor);
            Assert.All(kept, name => Assert.Equal(onlyRateDonor.Parameters[name], onlyRate.Parameters![name]));
            Assert.NotEqual(onlyRateDonor.Parameters["learning_rate"], onlyRate.Parameters!["learning_rate"]);
            Assert.Equal(decision, Create(seed, ("resample_probability", ParameterValue.Float(0.3)), ("mutations", ParameterValue.Of("learning_rate, dropout, layers, activation"))).Decide(population[7], population[..7]));
        }
    }

    [Fact]
    public void By_default_the_float_parameters_are_perturbed_by_the_factor()
    {
        var population = Population(8, epochs: 2);
        var ratios = Enumerable.Range(0, 40).Select(seed =>
        {
            var decision = Create(seed, ("resample_probability", ParameterValue.Float(0))).Decide(population[7], population[..7]);
            var donor = population.Single(t => t.Number == decision.Donor);
            Assert.Equal(donor.Parameters["layers"], decision.Parameters!["layers"]);
            Assert.Equal(donor.Parameters["activation"], decision.Parameters["activation"]);
            return decision.Parameters["learning_rate"].Number / donor.Parameters["learning_rate"].Number;
        }).ToList();

        Assert.All(ratios, ratio => Assert.True(Math.Abs(ratio - 1.2) < 1e-9 || Math.Abs(ratio - (1 / 1.2)) < 1e-9, $"ratio {ratio}"));
        Assert.Contains(ratios, ratio => ratio > 1);
        Assert.Contains(ratios, ratio => ratio < 1);
    }

    [Fact]
    public void Maximising_exploits_the_highest_values()
    {
        var pbt = SchedulerRegistry.Create("pbt", new SchedulerSettings(ObjectiveGoal.Maximize, 12, AlgorithmOptions.None) { Space = Space, Seed = 3 });
        var population = Population(8, epochs: 2);

        Assert.False(pbt.Decide(population[7], population[..7]).Exploits); // the highest value: best when maximising
        var lowest = pbt.Decide(population[0], population[1..]);
        Assert.True(lowest.Exploits);
        Assert.Contains(lowest.Donor!.Value, new[] { 6, 7 });
    }

    private static IScheduler Create(params (string Name, ParameterValue Value)[] options) => Create(3, options);

    private static IScheduler Create(long seed, params (string Name, ParameterValue Value)[] options) =>
        SchedulerRegistry.Create("pbt", new SchedulerSettings(ObjectiveGoal.Minimize, 12, new AlgorithmOptions(options.Select(o => KeyValuePair.Create(o.Name, o.Value))))
        {
            Space = Space,
            Seed = seed,
        });

    /// <summary>Trial n's loss is n + 1 at every epoch (trial 0 best), each with its own parameters.</summary>
    private static TrialCurve[] Population(int count, int epochs) => Enumerable.Range(0, count).Select(n => new TrialCurve(n, Enumerable.Repeat(n + 1.0, epochs).ToArray(), TrialOutcome.Running)
    {
        Parameters = new Dictionary<string, ParameterValue>
        {
            ["learning_rate"] = ParameterValue.Float(1e-3 * (n + 1)),
            ["dropout"] = ParameterValue.Float(0.2),
            ["layers"] = ParameterValue.Int(1 + (n % 8)),
            ["activation"] = ParameterValue.Of("gelu"),
        },
    }).ToArray();
}
