using Experiments.Datasets.Mixtures;
using Experiments.Training.Metrics;

namespace Experiments.Training.Tests;

/// <summary>The VEEGAN/PacGAN mode metrics on point sets whose answer is known.</summary>
public sealed class ModeCoverageTests
{
    private static readonly GaussianMixture Ring = GaussianMixture.Ring(8, radius: 1, standardDeviation: 0.01);
    private static readonly GaussianMixture Grid = GaussianMixture.Grid(5, spacing: 2, standardDeviation: 0.05);

    [Fact]
    public void Samples_on_every_mode_capture_all_8_and_are_all_of_high_quality()
    {
        var samples = Points(Enumerable.Range(0, 2_500).Select(i => Ring.Means[i % 8]));

        Assert.Equal((8, 1.0), ModeCoverage.Of(Ring, samples));
    }

    [Fact]
    public void Samples_all_at_one_mode_capture_1_of_8()
    {
        var samples = Points(Enumerable.Repeat(Ring.Means[3], 2_500));

        Assert.Equal((1, 1.0), ModeCoverage.Of(Ring, samples));
    }

    [Fact]
    public void Samples_far_from_every_mode_capture_none_and_none_is_of_high_quality()
    {
        // The origin is 1 from every ring mode, 100 standard deviations.
        var samples = Points(Enumerable.Repeat(new[] { 0.0, 0.0 }, 1_000).Concat(Enumerable.Repeat(new[] { 5.0, -7.0 }, 1_000)));

        Assert.Equal((0, 0.0), ModeCoverage.Of(Ring, samples));
    }

    [Fact]
    public void Three_standard_deviations_is_the_limit_and_a_mode_counts_only_through_high_quality_samples()
    {
        var limit = 3 * Ring.StandardDeviation;
        var samples = Points(
        [
            [1 + (0.99 * limit), 0],  // mode 0, just inside
            [1 - (1.01 * limit), 0],  // mode 0, just outside
            [0, 1 + (1.01 * limit)],  // mode 2, just outside: mode 2 is not captured
            [-1, 0.5 * limit],        // mode 4, inside
        ]);

        Assert.Equal((2, 0.5), ModeCoverage.Of(Ring, samples));
    }

    [Fact]
    public void On_the_grid_half_the_modes_with_half_the_samples_off_the_grid_gives_13_and_one_half()
    {
        var onModes = Enumerable.Range(0, 1_250).Select(i => Grid.Means[2 * (i % 13) % 25]);
        var between = Enumerable.Repeat(new[] { 1.0, 1.0 }, 1_250); // halfway between four modes
        var samples = Points(onModes.Concat(between));

        Assert.Equal((13, 0.5), ModeCoverage.Of(Grid, samples));
    }

    [Fact]
    public void Not_a_number_is_never_of_high_quality()
    {
        var samples = Points([[double.NaN, 0], [1, 0]]);

        Assert.Equal((1, 0.5), ModeCoverage.Of(Ring, samples));
    }

    private static float[] Points(IEnumerable<double[]> points) => [.. points.SelectMany(p => p.Select(c => (float)c))];
}
