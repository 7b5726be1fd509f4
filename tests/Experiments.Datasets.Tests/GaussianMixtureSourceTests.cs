using Experiments.Datasets.Mixtures;

namespace Experiments.Datasets.Tests;

/// <summary>ring8 and grid25: the modes and standard deviations of VEEGAN/PacGAN, drawn the same way every time.</summary>
public sealed class GaussianMixtureSourceTests
{
    [Fact]
    public void Ring8_has_8_modes_on_the_unit_circle_45_degrees_apart_with_standard_deviation_0_01()
    {
        var ring = Mixture("ring8");

        Assert.Equal((8, 2, 0.01), (ring.Modes, ring.Dimension, ring.StandardDeviation));
        for (var mode = 0; mode < 8; mode++)
        {
            var angle = mode * Math.PI / 4;
            Assert.Equal(Math.Cos(angle), ring.Means[mode][0], precision: 12);
            Assert.Equal(Math.Sin(angle), ring.Means[mode][1], precision: 12);
        }
    }

    [Fact]
    public void Grid25_has_modes_at_every_point_of_minus_4_to_4_in_steps_of_2_with_standard_deviation_0_05()
    {
        var grid = Mixture("grid25");

        Assert.Equal((25, 2, 0.05), (grid.Modes, grid.Dimension, grid.StandardDeviation));
        var expected = from x in new[] { -4.0, -2, 0, 2, 4 } from y in new[] { -4.0, -2, 0, 2, 4 } select (x, y);
        Assert.Equal(expected, grid.Means.Select(m => (m[0], m[1])));
    }

    [Theory]
    [InlineData("ring8")]
    [InlineData("grid25")]
    public void Loading_twice_gives_the_same_points_100000_for_training_and_2500_held_out(string name)
    {
        var first = DataSources.Open(name, "/nowhere").Load();
        var second = DataSources.Open(name, "/nowhere").Load();

        Assert.Equal(new PointShape(2), first.Shape);
        Assert.Equal((100_000, 2_500), (first.Train.Count, first.HeldOut.Count));
        Assert.Equal(200_000, first.Train.Coordinates!.Length);
        Assert.Equal(first.Train.Coordinates, second.Train.Coordinates);
        Assert.Equal(first.HeldOut.Coordinates, second.HeldOut.Coordinates);
        Assert.Equal(first.Train.Labels, second.Train.Labels);
        Assert.NotEqual(first.Train.Coordinates.AsSpan(0, 5000).ToArray(), first.HeldOut.Coordinates!.AsSpan(0, 5000).ToArray());
        Assert.Equal(Mixture(name).Modes, first.Mixture!.Modes);
    }

    [Theory]
    [InlineData("ring8")]
    [InlineData("grid25")]
    public void Points_scatter_around_their_labelled_mode_with_the_mixture_standard_deviation_and_every_mode_is_used(string name)
    {
        var data = DataSources.Open(name, "/nowhere").Load();
        var mixture = data.Mixture!;
        var coordinates = data.Train.Coordinates!;
        var labels = data.Train.Labels!;

        var offsets = Enumerable.Range(0, data.Train.Count)
            .SelectMany(i => new[] { coordinates[2 * i] - mixture.Means[labels[i]][0], coordinates[(2 * i) + 1] - mixture.Means[labels[i]][1] })
            .ToArray();
        var mean = offsets.Average();
        var deviation = Math.Sqrt(offsets.Average(o => (o - mean) * (o - mean)));

        Assert.InRange(mean, -0.01 * mixture.StandardDeviation, 0.01 * mixture.StandardDeviation);
        Assert.InRange(deviation, 0.99 * mixture.StandardDeviation, 1.01 * mixture.StandardDeviation);
        Assert.All(offsets, o => Assert.InRange(Math.Abs(o), 0, 6 * mixture.StandardDeviation));

        // Modes are drawn uniformly: each gets its share within 5%.
        var share = data.Train.Count / (double)mixture.Modes;
        Assert.All(labels.GroupBy(l => l), group => Assert.InRange(group.Count(), 0.95 * share, 1.05 * share));
        Assert.Equal(mixture.Modes, labels.Distinct().Count());
    }

    [Fact]
    public void Another_random_state_draws_other_points_from_the_same_mixture()
    {
        var ring = Mixture("ring8");

        var (a, _) = ring.Sample(100, new Random(1));
        var (b, _) = ring.Sample(100, new Random(1));
        var (c, _) = ring.Sample(100, new Random(2));

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    private static GaussianMixture Mixture(string name) => Assert.IsType<GaussianMixtureSource>(DataSources.Open(name, "/nowhere")).Mixture;
}
