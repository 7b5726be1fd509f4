using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

/// <summary>
/// Conditional parameters, for every registered sampler: a suggestion holds exactly the parameters whose conditions
/// hold, inside their distributions, also when learning from a history whose trials lack the others; the same seed
/// and history give the same answer after a restart; grid search visits each point that can exist once.
/// </summary>
public sealed class ConditionalSpaceTests
{
    /// <summary>optimizer picks a branch; momentum and nesterov exist for sgd only, beta1 for adam, dampening under nesterov.</summary>
    public static SearchSpace MixedSpace { get; } = new(
    [
        new("optimizer", new ChoiceDistribution([ParameterValue.Of("adam"), ParameterValue.Of("sgd")])),
        new("learning_rate", new LogUniformDistribution(1e-4, 1e-1)),
        new("momentum", new UniformDistribution(0, 0.99)) { When = [new("optimizer", [ParameterValue.Of("sgd")])] },
        new("nesterov", new ChoiceDistribution([ParameterValue.Bool(true), ParameterValue.Bool(false)])) { When = [new("optimizer", [ParameterValue.Of("sgd")])] },
        new("dampening", new UniformDistribution(0, 0.5)) { When = [new("nesterov", [ParameterValue.Bool(false)])] },
        new("beta1", new UniformDistribution(0.8, 0.99)) { When = [new("optimizer", [ParameterValue.Of("adam")])] },
        new("layers", new IntDistribution(1, 4, Log: false)),
        new("width", new IntDistribution(16, 256, Log: true)) { When = [new("layers", [ParameterValue.Int(2), ParameterValue.Int(3), ParameterValue.Int(4)])] },
    ]);

    /// <summary>adam: 3 rates x 2 beta1 = 6 points; sgd: 3 rates x 2 momenta x (nesterov 1 + no nesterov 2 dampenings) = 18: 24 in all.</summary>
    public static SearchSpace DiscreteSpace { get; } = new(
    [
        new("optimizer", new ChoiceDistribution([ParameterValue.Of("adam"), ParameterValue.Of("sgd")])),
        new("learning_rate", new LogUniformDistribution(1e-4, 1e-2, GridPoints: 3)),
        new("momentum", new UniformDistribution(0, 0.9, Step: 0.9)) { When = [new("optimizer", [ParameterValue.Of("sgd")])] },
        new("nesterov", new ChoiceDistribution([ParameterValue.Bool(true), ParameterValue.Bool(false)])) { When = [new("optimizer", [ParameterValue.Of("sgd")])] },
        new("dampening", new UniformDistribution(0, 0.5, Step: 0.5)) { When = [new("nesterov", [ParameterValue.Bool(false)])] },
        new("beta1", new ChoiceDistribution([ParameterValue.Float(0.9), ParameterValue.Float(0.99)])) { When = [new("optimizer", [ParameterValue.Of("adam")])] },
    ]);

    public const int DiscreteSpacePoints = 24;

    public static TheoryData<string> Samplers { get; } = new(SamplerRegistry.Names);

    [Theory]
    [MemberData(nameof(Samplers))]
    public void Suggestions_hold_exactly_the_parameters_whose_conditions_hold(string algorithm)
    {
        var space = SpaceFor(algorithm);
        var history = ClosedLoop(Create(algorithm, 42), space, Count(algorithm, 60));

        foreach (var trial in history)
        {
            AssertActive(space, trial.Parameters, trial.Number);
        }

        // Both branches come up, so the conditions were tried both ways.
        Assert.Contains(history, t => t.Parameters.ContainsKey("momentum"));
        Assert.Contains(history, t => t.Parameters.ContainsKey("beta1"));
    }

    [Theory]
    [MemberData(nameof(Samplers))]
    public void A_restarted_sampler_given_the_history_in_any_order_proposes_the_same(string algorithm)
    {
        var space = SpaceFor(algorithm);
        var count = Count(algorithm, 40);
        var history = ClosedLoop(Create(algorithm, 7), space, count);
        var again = ClosedLoop(Create(algorithm, 7), space, count);
        Assert.Equal(history.Select(t => Render(t.Parameters)), again.Select(t => Render(t.Parameters)));

        var next = Math.Min(count, (Create(algorithm, 7).MaxTrials(space) ?? int.MaxValue) - 1);
        var shuffled = history.OrderBy(t => (t.Number * 7919) % 101).ToList();
        Assert.Equal(Render(Create(algorithm, 7).Suggest(space, next, history)), Render(Create(algorithm, 7).Suggest(space, next, shuffled)));
    }

    [Fact]
    public void Grid_search_visits_each_point_that_can_exist_once()
    {
        var grid = new GridSampler(3);

        var points = Enumerable.Range(0, DiscreteSpacePoints).Select(n => Render(grid.Suggest(DiscreteSpace, n, []))).ToList();

        Assert.Equal(DiscreteSpacePoints, grid.MaxTrials(DiscreteSpace));
        Assert.Equal(DiscreteSpacePoints, points.Distinct().Count());
        Assert.Equal(6, points.Count(p => p.Contains("optimizer=adam", StringComparison.Ordinal)));
        Assert.Throws<InvalidOperationException>(() => grid.Suggest(DiscreteSpace, DiscreteSpacePoints, []));
    }

    [Fact]
    public void A_space_refuses_a_condition_on_a_later_or_continuous_parameter()
    {
        var later = Assert.Throws<ArgumentException>(() => new SearchSpace(
        [
            new("momentum", new UniformDistribution(0, 1)) { When = [new("optimizer", [ParameterValue.Of("sgd")])] },
            new("optimizer", new ChoiceDistribution([ParameterValue.Of("sgd")])),
        ]));
        var continuous = Assert.Throws<ArgumentException>(() => new SearchSpace(
        [
            new("rate", new UniformDistribution(0, 1)),
            new("momentum", new UniformDistribution(0, 1)) { When = [new("rate", [ParameterValue.Float(0.5)])] },
        ]));

        Assert.Contains("not declared before it", later.Message, StringComparison.Ordinal);
        Assert.Contains("continuous", continuous.Message, StringComparison.Ordinal);
    }

    private static void AssertActive(SearchSpace space, IReadOnlyDictionary<string, ParameterValue> values, int trial)
    {
        foreach (var parameter in space.Parameters)
        {
            var shouldExist = parameter.When.All(c => c.HoldsFor(values));
            Assert.True(shouldExist == values.ContainsKey(parameter.Name), $"trial {trial}: {parameter.Name} present={values.ContainsKey(parameter.Name)}, conditions hold={shouldExist} in {Render(values)}");
            if (values.TryGetValue(parameter.Name, out var value))
            {
                Assert.True(parameter.Distribution.Contains(value), $"trial {trial}: {parameter.Name} = {value} is outside {parameter.Distribution.Describe()}");
            }
        }

        Assert.All(values.Keys, name => Assert.NotNull(space.Find(name)));
    }

    /// <summary>Trials run one after the other, some failing, pruned or still running, scored by a function of the parameters they have.</summary>
    private static List<TrialObservation> ClosedLoop(ISampler sampler, SearchSpace space, int count)
    {
        var history = new List<TrialObservation>();
        for (var n = 0; n < count; n++)
        {
            var values = sampler.Suggest(space, n, history);
            var objective = Score(values);
            history.Add((n % 9, n >= count - 2) switch
            {
                (_, true) => new TrialObservation(n, values, TrialOutcome.Running, null),
                (4, _) => new TrialObservation(n, values, TrialOutcome.Failed, null),
                (7, _) => new TrialObservation(n, values, TrialOutcome.Pruned, objective + 1),
                _ => new TrialObservation(n, values, TrialOutcome.Completed, objective),
            });
        }

        return history;
    }

    private static double Score(IReadOnlyDictionary<string, ParameterValue> values) =>
        Math.Log10(values["learning_rate"].AsDouble())
        + (values.TryGetValue("momentum", out var momentum) ? Math.Abs(momentum.AsDouble() - 0.9) : 0.5)
        + (values.TryGetValue("beta1", out var beta1) ? Math.Abs(beta1.AsDouble() - 0.9) : 0)
        + (values.TryGetValue("width", out var width) ? Math.Abs(Math.Log2(width.AsDouble()) - 6) : 1);

    private static SearchSpace SpaceFor(string algorithm) => SamplerRegistry.Find(algorithm)!.NeedsDiscreteSpace ? DiscreteSpace : MixedSpace;

    private static int Count(string algorithm, int wanted) => SamplerRegistry.Find(algorithm)!.NeedsDiscreteSpace ? Math.Min(wanted, DiscreteSpacePoints) : wanted;

    /// <summary>Every sampler with its defaults, adaptive ones starting to learn after a few trials.</summary>
    private static ISampler Create(string algorithm, long seed)
    {
        var descriptor = SamplerRegistry.Find(algorithm)!;
        var startup = descriptor.Options.FirstOrDefault(o => o.Name == "startup_trials");
        var options = startup is null ? AlgorithmOptions.None : new AlgorithmOptions([KeyValuePair.Create(startup.Name, ParameterValue.Int(5))]);
        return SamplerRegistry.Create(algorithm, SamplerSettings.Default(seed) with { Options = options });
    }

    private static string Render(IReadOnlyDictionary<string, ParameterValue> values) =>
        string.Join(" ", values.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value}"));
}
