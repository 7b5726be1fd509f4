using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

/// <summary>The rest estimator's merged kernels score candidates as the full mixture does, with far fewer kernels.</summary>
public sealed class KernelMergingTests
{
    private static readonly NumericDimension Line = (NumericDimension)SearchDimension.For(new ParameterDefinition("x", new UniformDistribution(-5, 5)))!;

    [Theory]
    [InlineData(1_000)]
    [InlineData(10_000)]
    public void A_dense_history_merges_into_few_kernels_whose_log_density_is_within_a_hundredth_of_the_full_mixture(int trials)
    {
        var random = new Random(trials);
        // Clustered like a converging search: most trials near two optima, the rest spread out.
        var points = Enumerable.Range(0, trials).Select(i => i % 3 switch
        {
            0 => Math.Clamp(1.5 + (0.3 * NormalDistribution.Draw(random)), -5, 5),
            1 => Math.Clamp(-3 + (0.8 * NormalDistribution.Draw(random)), -5, 5),
            _ => -5 + (10 * random.NextDouble()),
        }).ToList();
        var (full, merged) = Estimators(points);

        Assert.True(merged.Components < 900, $"{merged.Components} kernels left of {full.Components}");
        var worst = 0.0;
        for (var x = -5.0; x <= 5.0; x += 0.0137)
        {
            worst = Math.Max(worst, Math.Abs(full.LogDensity([x]) - merged.LogDensity([x])));
        }

        Assert.True(worst < 0.01, $"largest log-density difference {worst}");
    }

    [Fact]
    public void Kernels_further_apart_than_an_eighth_of_their_bandwidth_stay_as_they_are()
    {
        // Evenly spread: every kernel's bandwidth is the gap to its neighbours, eight times the distance that merges.
        var points = Enumerable.Range(0, 40).Select(i => -4.9 + (0.25 * i)).ToList();
        var (full, merged) = Estimators(points);

        Assert.Equal(full.Components, merged.Components);
        for (var x = -5.0; x <= 5.0; x += 0.25)
        {
            Assert.Equal(full.LogDensity([x]), merged.LogDensity([x]), 12);
        }
    }

    [Fact]
    public void Categories_merge_exactly_into_one_kernel_each()
    {
        var choice = SearchDimension.For(new ParameterDefinition("c", new ChoiceDistribution([ParameterValue.Of("a"), ParameterValue.Of("b"), ParameterValue.Of("c")])))!;
        var observations = Enumerable.Range(0, 300).Select(i => new[] { (double)(i % 7 == 0 ? 2 : i % 2) }).ToList();
        var weights = Enumerable.Range(0, 300).Select(i => 0.5 + (i / 600.0)).ToList();
        var full = new ParzenEstimator([choice], observations, weights, priorWeight: 1.0, multivariate: false);
        var merged = new ParzenEstimator([choice], observations, weights, priorWeight: 1.0, multivariate: false, densityOnly: true);

        Assert.Equal(4, merged.Components); // three categories and the prior
        for (var category = 0; category < 3; category++)
        {
            Assert.Equal(full.LogDensity([category]), merged.LogDensity([category]), 12);
        }
    }

    private static (ParzenEstimator Full, ParzenEstimator Merged) Estimators(List<double> points)
    {
        var observations = points.Select(x => new[] { x }).ToList();
        // Optuna's ramp: older trials weigh less.
        var weights = Enumerable.Range(0, points.Count).Select(i => Math.Min(1.0, (1.0 / points.Count) + ((double)i / points.Count))).ToList();
        return (
            new ParzenEstimator([Line], observations, weights, priorWeight: 1.0, multivariate: false),
            new ParzenEstimator([Line], observations, weights, priorWeight: 1.0, multivariate: false, densityOnly: true));
    }
}
