namespace Experiments.Search.Tests;

/// <summary>The normal tails and interval masses TPE's kernels use, against published values.</summary>
public sealed class NormalDistributionTests
{
    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.15865525393145707)]
    [InlineData(3.0, 1.3498980316300946e-3)]
    [InlineData(8.0, 6.22096057427178e-16)]
    [InlineData(20.0, 2.7536241186062337e-89)]
    [InlineData(-2.0, 0.9772498680518208)]
    public void Upper_tails_have_a_small_relative_error(double z, double expected)
    {
        Assert.Equal(1, NormalDistribution.UpperTail(z) / expected, precision: 6);
    }

    [Theory]
    [InlineData(-1.0, 1.0, 0.6826894921370859)]
    [InlineData(2.0, 3.0, 0.021400233916549105)]
    [InlineData(-3.0, -2.0, 0.021400233916549105)]
    [InlineData(10.0, 10.5, 7.576662960982501e-24)]
    public void Interval_masses_are_right_in_log_space(double a, double b, double expected)
    {
        Assert.Equal(Math.Log(expected), NormalDistribution.LogMass(a, b), precision: 5);
    }

    [Fact]
    public void Masses_below_the_smallest_double_still_have_their_log()
    {
        // P(40 < Z < 41) is about 1e-350: ln = -804.6084 (asymptotic series of the tail).
        Assert.Equal(-804.6084, NormalDistribution.LogMass(40, 41), precision: 3);
        Assert.Equal(-804.6084, NormalDistribution.LogMass(-41, -40), precision: 3);
    }

    [Fact]
    public void A_narrow_interval_is_its_density_times_its_width()
    {
        Assert.Equal(NormalDistribution.LogDensity(1.2) + Math.Log(1e-4), NormalDistribution.LogMass(1.2 - 0.5e-4, 1.2 + 0.5e-4), precision: 9);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(3.0)]
    [InlineData(12.0)]
    public void Mills_ratio_is_the_upper_tail_over_the_density(double x)
    {
        Assert.Equal(1, NormalDistribution.MillsRatio(x) / (NormalDistribution.UpperTail(x) / Math.Exp(NormalDistribution.LogDensity(x))), precision: 6);
    }

    [Fact]
    public void Mills_ratio_far_out_follows_its_asymptote_where_tail_and_density_underflow()
    {
        // R(x) = 1/x - 1/x³ + 3/x⁵ - ... ; at x = 60 both P(Z > x) and φ(x) are below the smallest double.
        const double x = 60;
        Assert.Equal(1, NormalDistribution.MillsRatio(x) / ((1 / x) - (1 / (x * x * x)) + (3 / Math.Pow(x, 5))), precision: 6);
    }
}
