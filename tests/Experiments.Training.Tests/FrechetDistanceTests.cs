using Experiments.Training.Engine.Scalars;
using Experiments.Training.Metrics;
using TorchSharp;

namespace Experiments.Training.Tests;

public sealed class FrechetDistanceTests
{
    [Fact]
    public void A_set_is_at_distance_zero_from_itself_and_a_shifted_copy_at_the_squared_shift()
    {
        using var scope = torch.NewDisposeScope();
        using var random = new torch.Generator(5);
        var features = torch.randn(2_000, 8, dtype: torch.ScalarType.Float64, generator: random);

        Assert.Equal(0, FrechetDistance.Between(features, features), precision: 6);
        // Same covariance, every mean moved by 0.5 in 8 dimensions: 8 * 0.25 = 2.
        Assert.Equal(2.0, FrechetDistance.Between(features, features.Plus(0.5)), precision: 6);
    }

    [Fact]
    public void Samples_of_the_same_distribution_are_closer_than_samples_of_a_wider_one()
    {
        using var scope = torch.NewDisposeScope();
        using var random = new torch.Generator(6);
        var a = torch.randn(4_000, 4, dtype: torch.ScalarType.Float64, generator: random);
        var b = torch.randn(4_000, 4, dtype: torch.ScalarType.Float64, generator: random);
        var wide = torch.randn(4_000, 4, dtype: torch.ScalarType.Float64, generator: random).Times(2);

        // For N(0, I) against N(0, 4I) in 4 dimensions the exact distance is 4 * (1 + 4 - 2 * 2) = 4.
        Assert.True(FrechetDistance.Between(a, b) < 0.05);
        Assert.InRange(FrechetDistance.Between(a, wide), 3.7, 4.3);
    }
}
