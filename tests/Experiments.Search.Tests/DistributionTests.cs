using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

public sealed class DistributionTests
{
    [Fact]
    public void Loguniform_grid_points_are_geometric_with_inclusive_ends()
    {
        var values = new LogUniformDistribution(1e-4, 1e-1, GridPoints: 4).GridValues().Select(v => v.Number).ToList();

        Assert.Equal(1e-4, values[0]);
        Assert.Equal(1e-1, values[^1]);
        Assert.Equal(1e-3, values[1], 15);
        Assert.Equal(1e-2, values[2], 15);
    }

    [Fact]
    public void Uniform_grid_points_are_evenly_spaced_with_inclusive_ends()
    {
        var values = new UniformDistribution(0.5, 1.5, GridPoints: 5).GridValues().Select(v => v.Number);

        Assert.Equal([0.5, 0.75, 1.0, 1.25, 1.5], values);
    }

    [Fact]
    public void Int_grid_lists_every_reachable_integer()
    {
        Assert.Equal([8L, 16, 24], new IntDistribution(8, 30, Log: false, Step: 8).GridValues().Select(v => v.AsInt64()));
        Assert.Equal([4L, 5, 6, 7, 8], new IntDistribution(4, 8, Log: true).GridValues().Select(v => v.AsInt64()));
        Assert.All(new IntDistribution(4, 8, Log: true).GridValues(), v => Assert.Equal(ParameterKind.Int, v.Kind));
    }

    [Fact]
    public void Choice_and_fixed_grids_are_their_values()
    {
        var values = new[] { ParameterValue.Of("a"), ParameterValue.Bool(false) };

        Assert.Equal(values, new ChoiceDistribution(values).GridValues());
        Assert.Equal([ParameterValue.Int(3)], new FixedDistribution(ParameterValue.Int(3)).GridValues());
    }

    [Fact]
    public void Continuous_distributions_have_no_grid()
    {
        Assert.False(new UniformDistribution(0, 1).IsDiscrete);
        Assert.False(new LogUniformDistribution(1, 2).IsDiscrete);
        var error = Assert.Throws<InvalidOperationException>(() => new UniformDistribution(0, 1).GridValues());
        Assert.Contains("continuous", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_distributions_are_refused_at_construction()
    {
        Assert.Throws<ArgumentException>(() => new UniformDistribution(1, 0));
        Assert.Throws<ArgumentException>(() => new UniformDistribution(0, double.PositiveInfinity));
        Assert.Throws<ArgumentException>(() => new UniformDistribution(0, 1, GridPoints: 1));
        Assert.Throws<ArgumentException>(() => new LogUniformDistribution(0, 1));
        Assert.Throws<ArgumentException>(() => new LogUniformDistribution(-1, 1));
        Assert.Throws<ArgumentException>(() => new IntDistribution(5, 4, Log: false));
        Assert.Throws<ArgumentException>(() => new IntDistribution(0, 4, Log: true));
        Assert.Throws<ArgumentException>(() => new IntDistribution(1, 4, Log: true, Step: 2));
        Assert.Throws<ArgumentException>(() => new IntDistribution(1, 4, Log: false, Step: 0));
        Assert.Throws<ArgumentException>(() => new ChoiceDistribution([]));
        Assert.Throws<ArgumentException>(() => new ChoiceDistribution([ParameterValue.Int(1), ParameterValue.Int(1)]));
    }

    [Fact]
    public void Choices_and_spaces_compare_by_content()
    {
        Assert.Equal(
            new ChoiceDistribution([ParameterValue.Int(1), ParameterValue.Int(2)]),
            new ChoiceDistribution(new List<ParameterValue> { ParameterValue.Int(1), ParameterValue.Int(2) }));
        Assert.Equal(
            new SearchSpace([new("a", new FixedDistribution(ParameterValue.Int(1)))]),
            new SearchSpace([new("a", new FixedDistribution(ParameterValue.Int(1)))]));
    }

    [Fact]
    public void Search_space_rejects_duplicate_names_and_keeps_order()
    {
        var a = new ParameterDefinition("a", new FixedDistribution(ParameterValue.Int(1)));
        var b = new ParameterDefinition("b", new FixedDistribution(ParameterValue.Int(2)));

        Assert.Equal(["b", "a"], new SearchSpace([b, a]).Parameters.Select(p => p.Name));
        var error = Assert.Throws<ArgumentException>(() => new SearchSpace([a, b, a]));
        Assert.Contains("'a'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Contains_checks_kind_range_and_step()
    {
        var ints = new IntDistribution(8, 64, Log: false, Step: 8);

        Assert.True(ints.Contains(ParameterValue.Int(16)));
        Assert.False(ints.Contains(ParameterValue.Int(17)));
        Assert.False(ints.Contains(ParameterValue.Float(16)));
        Assert.False(new UniformDistribution(0, 1).Contains(ParameterValue.Float(1.01)));
        Assert.True(new LogUniformDistribution(1e-4, 1e-2).Contains(ParameterValue.Float(1e-2)));
    }
}

/// <summary>Floats on a step: only Low, Low + Step, ..., High, from every sampler.</summary>
public sealed class SteppedUniformTests
{
    private static readonly UniformDistribution Dropout = new(0, 0.5, Step: 0.1);

    [Fact]
    public void The_values_are_the_steps_ends_included_and_they_are_the_grid()
    {
        Assert.Equal(6, Dropout.GridSize);
        Assert.Equal([0, 0.1, 0.2, 0.30000000000000004, 0.4, 0.5], Dropout.GridValues().Select(v => v.Number));
        Assert.True(Dropout.Contains(ParameterValue.Float(0.3)));
        Assert.False(Dropout.Contains(ParameterValue.Float(0.25)));
        Assert.Equal(0.2, Dropout.Snap(0.23));
        Assert.Equal(0.5, Dropout.Snap(7));
    }

    [Theory]
    [InlineData("random")]
    [InlineData("sobol")]
    [InlineData("tpe")]
    [InlineData("cmaes")]
    public void Every_sampler_draws_only_stepped_values(string name)
    {
        var space = new SearchSpace([new("dropout", Dropout), new("rate", new UniformDistribution(-1, 1))]);
        var sampler = SamplerRegistry.Create(name, SamplerSettings.Default(2));
        var history = new List<TrialObservation>();
        for (var trial = 0; trial < 40; trial++)
        {
            var values = sampler.Suggest(space, trial, history);
            Assert.True(Dropout.Contains(values["dropout"]), $"{name} trial {trial}: dropout = {values["dropout"]}");
            history.Add(new TrialObservation(trial, values, TrialOutcome.Completed, Math.Abs(values["dropout"].Number - 0.3) + values["rate"].Number));
        }

        Assert.True(history.Select(t => t.Parameters["dropout"]).Distinct().Count() >= 3);
    }

    [Theory]
    [InlineData(0.0, 0.45, 0.1)]
    [InlineData(0.0, 1.0, -0.1)]
    [InlineData(0.0, 1.0, 0.0)]
    public void A_step_that_does_not_divide_the_range_is_refused(double low, double high, double step)
    {
        Assert.Throws<ArgumentException>(() => new UniformDistribution(low, high, Step: step));
    }
}
