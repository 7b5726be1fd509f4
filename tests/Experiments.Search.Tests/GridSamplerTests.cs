using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

public sealed class GridSamplerTests
{
    [Fact]
    public void Grid_size_is_the_product_of_the_axis_sizes()
    {
        Assert.Equal(SamplerCase.DiscreteSpaceSize, new GridSampler(1).MaxTrials(SamplerCase.DiscreteSpace));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(-99)]
    public void Grid_visits_every_combination_exactly_once(long seed)
    {
        var sampler = new GridSampler(seed);
        var space = SamplerCase.DiscreteSpace;

        var visited = Enumerable.Range(0, SamplerCase.DiscreteSpaceSize)
            .Select(trial => Key(sampler.Suggest(space, trial, [])))
            .ToList();

        var expected = CartesianProduct(space).Select(Key).ToHashSet();
        Assert.Equal(SamplerCase.DiscreteSpaceSize, expected.Count);
        Assert.Equal(visited.Count, visited.Distinct().Count());
        Assert.True(expected.SetEquals(visited));
    }

    [Fact]
    public void Grid_order_is_shuffled_by_the_seed()
    {
        var space = new SearchSpace([new("n", new IntDistribution(0, 99, Log: false))]);
        var first = Enumerable.Range(0, 100).Select(t => new GridSampler(5).Suggest(space, t, [])["n"].AsInt64()).ToList();
        var second = Enumerable.Range(0, 100).Select(t => new GridSampler(6).Suggest(space, t, [])["n"].AsInt64()).ToList();

        Assert.NotEqual(Enumerable.Range(0, 100).Select(i => (long)i), first);
        Assert.NotEqual(first, second);
        Assert.Equal(first.Order(), second.Order());
    }

    [Fact]
    public void Asking_beyond_the_end_of_the_grid_throws()
    {
        var space = new SearchSpace([new("n", new IntDistribution(1, 3, Log: false))]);
        var sampler = new GridSampler(1);

        sampler.Suggest(space, 2, []);
        var error = Assert.Throws<InvalidOperationException>(() => sampler.Suggest(space, 3, []));
        Assert.Contains("beyond the end of the grid", error.Message, StringComparison.Ordinal);
        Assert.Contains("3 points", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Continuous_parameters_are_rejected_with_a_clear_message()
    {
        var space = new SearchSpace(
        [
            new("batch_size", new ChoiceDistribution([ParameterValue.Int(64)])),
            new("learning_rate", new LogUniformDistribution(1e-4, 1e-2)),
        ]);
        var sampler = new GridSampler(1);

        var error = Assert.Throws<InvalidOperationException>(() => sampler.Suggest(space, 0, []));
        Assert.Contains("'learning_rate'", error.Message, StringComparison.Ordinal);
        Assert.Contains("grid points", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("batch_size", error.Message, StringComparison.Ordinal);
        Assert.Throws<InvalidOperationException>(() => sampler.MaxTrials(space));
    }

    [Fact]
    public void Huge_grids_report_int_max_and_still_sample_without_materialising()
    {
        var space = new SearchSpace(
        [
            new("a", new IntDistribution(0, 1_000_000_000, Log: false)),
            new("b", new IntDistribution(0, 1_000_000_000, Log: false)),
        ]);
        var sampler = new GridSampler(9);

        Assert.Equal(int.MaxValue, sampler.MaxTrials(space));
        var values = sampler.Suggest(space, 123_456, []);
        Assert.InRange(values["a"].AsInt64(), 0, 1_000_000_000);
    }

    [Fact]
    public void A_single_point_grid_has_one_trial()
    {
        var space = new SearchSpace([new("w", new FixedDistribution(ParameterValue.Float(0.5)))]);

        Assert.Equal(1, new GridSampler(3).MaxTrials(space));
        Assert.Equal(ParameterValue.Float(0.5), new GridSampler(3).Suggest(space, 0, [])["w"]);
        Assert.Throws<InvalidOperationException>(() => new GridSampler(3).Suggest(space, 1, []));
    }

    private static string Key(IReadOnlyDictionary<string, ParameterValue> values) =>
        string.Join(";", values.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}={kv.Value.Kind}:{kv.Value}"));

    private static IEnumerable<Dictionary<string, ParameterValue>> CartesianProduct(SearchSpace space)
    {
        IEnumerable<Dictionary<string, ParameterValue>> points = [new Dictionary<string, ParameterValue>()];
        foreach (var parameter in space.Parameters)
        {
            points = points.SelectMany(point => parameter.Distribution.GridValues().Select(value =>
                new Dictionary<string, ParameterValue>(point) { [parameter.Name] = value }));
        }

        return points;
    }
}
