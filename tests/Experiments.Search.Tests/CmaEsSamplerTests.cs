using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

/// <summary>CMA-ES converges on smooth problems, follows the goal's direction and proposes generation by generation.</summary>
public sealed class CmaEsSamplerTests
{
    private static readonly ITestFunction Sphere10 = new Sphere(10);

    [Fact]
    public void On_a_ten_dimensional_sphere_it_gets_close_to_the_minimum_where_random_search_does_not()
    {
        for (var seed = 0; seed < 5; seed++)
        {
            var cmaes = Best(SamplerRegistry.Create("cmaes", new SamplerSettings(seed, ObjectiveGoal.Minimize, AlgorithmOptions.None)), Sphere10, ObjectiveGoal.Minimize, 300);
            var random = Best(new RandomSampler(seed), Sphere10, ObjectiveGoal.Minimize, 300);

            Assert.True(cmaes < 1.0, $"seed {seed}: best {cmaes} after 300 evaluations");
            Assert.True(cmaes < random / 10, $"seed {seed}: CMA-ES {cmaes}, random {random}");
        }
    }

    [Fact]
    public void When_maximizing_it_climbs_the_upturned_sphere()
    {
        var best = Best(SamplerRegistry.Create("cmaes", new SamplerSettings(3, ObjectiveGoal.Maximize, AlgorithmOptions.None)), Sphere10, ObjectiveGoal.Maximize, 300, negate: true);

        Assert.True(best > -1.0, $"best {best} after 300 evaluations");
    }

    [Fact]
    public void Trials_of_one_generation_come_from_the_same_distribution_whatever_the_others_of_it_scored()
    {
        // Population 6: trials 6-11 are generation 1, built from generation 0 (trials 0-5) only.
        var sampler = SamplerRegistry.Create("cmaes", new SamplerSettings(1, ObjectiveGoal.Minimize, new AlgorithmOptions([KeyValuePair.Create("population", ParameterValue.Int(6))])));
        var space = Space(Sphere10);
        var history = new List<TrialObservation>();
        for (var trial = 0; trial < 8; trial++)
        {
            var values = sampler.Suggest(space, trial, history);
            history.Add(new TrialObservation(trial, values, TrialOutcome.Completed, Evaluate(Sphere10, values)));
        }

        var withSiblings = sampler.Suggest(space, 9, history);
        var withoutSiblings = sampler.Suggest(space, 9, history.Take(6).ToList());
        var withoutGenerationZero = sampler.Suggest(space, 9, history.Skip(6).ToList());

        Assert.Equal(withoutSiblings, withSiblings);
        Assert.NotEqual(withoutGenerationZero, withSiblings);
    }

    [Fact]
    public void A_sampler_reused_across_changing_histories_answers_as_a_fresh_one_would()
    {
        // One instance keeps the generations it replayed; when a generation's members change (a late completion, a
        // different value) it must not answer from what it kept.
        var settings = new SamplerSettings(2, ObjectiveGoal.Minimize, new AlgorithmOptions([KeyValuePair.Create("population", ParameterValue.Int(4))]));
        var reused = SamplerRegistry.Create("cmaes", settings);
        var space = Space(Sphere10);
        var history = new List<TrialObservation>();
        for (var trial = 0; trial < 40; trial++)
        {
            var values = reused.Suggest(space, trial, history);
            Assert.Equal(SamplerRegistry.Create("cmaes", settings).Suggest(space, trial, history), values);
            history.Add(new TrialObservation(trial, values, trial % 7 == 3 ? TrialOutcome.Running : TrialOutcome.Completed, Evaluate(Sphere10, values)));
        }

        // Trials that were running complete, and one value is corrected: every later answer still matches a fresh sampler.
        var changed = history.Select(t => t with { Outcome = TrialOutcome.Completed, Objective = t.Number == 5 ? 0.0 : t.Objective }).ToList();
        for (var trial = 40; trial < 48; trial++)
        {
            Assert.Equal(SamplerRegistry.Create("cmaes", settings).Suggest(space, trial, changed), reused.Suggest(space, trial, changed));
            Assert.Equal(SamplerRegistry.Create("cmaes", settings).Suggest(space, trial, history), reused.Suggest(space, trial, history));
        }
    }

    [Fact]
    public void The_eigendecomposition_rebuilds_the_matrix_with_orthonormal_vectors()
    {
        var random = new Random(5);
        const int n = 7;
        var a = new double[n, n];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c <= r; c++)
            {
                a[r, c] = a[c, r] = random.NextDouble() - 0.5;
            }
        }

        var (values, vectors) = SymmetricEigen.Decompose(a);

        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c < n; c++)
            {
                var rebuilt = 0.0;
                var dot = 0.0;
                for (var k = 0; k < n; k++)
                {
                    rebuilt += vectors[r, k] * values[k] * vectors[c, k];
                    dot += vectors[k, r] * vectors[k, c];
                }

                Assert.Equal(a[r, c], rebuilt, precision: 10);
                Assert.Equal(r == c ? 1.0 : 0.0, dot, precision: 10);
            }
        }
    }

    private static double Best(ISampler sampler, ITestFunction function, ObjectiveGoal goal, int evaluations, bool negate = false)
    {
        var space = Space(function);
        var history = new List<TrialObservation>();
        for (var trial = 0; trial < evaluations; trial++)
        {
            var values = sampler.Suggest(space, trial, history);
            var value = Evaluate(function, values) * (negate ? -1 : 1);
            history.Add(new TrialObservation(trial, values, TrialOutcome.Completed, value));
        }

        return goal == ObjectiveGoal.Minimize ? history.Min(t => t.Objective!.Value) : history.Max(t => t.Objective!.Value);
    }

    private static SearchSpace Space(ITestFunction function) =>
        new(function.Bounds.Select((b, d) => new ParameterDefinition($"x{d}", new UniformDistribution(b.Low, b.High))).ToList());

    private static double Evaluate(ITestFunction function, IReadOnlyDictionary<string, ParameterValue> values) =>
        function.Evaluate(Enumerable.Range(0, function.Bounds.Count).Select(d => values[$"x{d}"].Number).ToArray());
}
