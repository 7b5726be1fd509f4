using Experiments.Contracts.Parameters;

namespace Experiments.Search.Tests;

/// <summary>The one-pass bandwidths of a univariate estimator are the neighbour rule computed the plain way.</summary>
public sealed class LineKernelsTests
{
    private static readonly NumericDimension Line = (NumericDimension)SearchDimension.For(new ParameterDefinition("x", new UniformDistribution(-2, 8)))!;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(7)]
    [InlineData(60)]
    [InlineData(400)]
    public void Bandwidths_are_the_distance_to_the_farther_neighbour_clipped_with_the_prior_spanning_the_range(int observations)
    {
        var random = new Random(observations);
        // Rounded to 0.05 so that some centres coincide, as integer and stepped parameters do.
        var centres = Enumerable.Range(0, observations).Select(_ => Math.Round((-2 + (10 * random.NextDouble())) * 20) / 20).Append(3.0).ToArray();
        var priorIndex = centres.Length - 1;
        var order = Enumerable.Range(0, centres.Length).OrderBy(j => centres[j]).ThenBy(j => j == priorIndex ? 1 : 0).ToArray();

        var kernels = new LineKernels(Line, centres.Length, merge: false);
        foreach (var j in order)
        {
            if (j == priorIndex)
            {
                kernels.AddPrior(1.0);
            }
            else
            {
                kernels.Add(centres[j], 1.0);
            }
        }

        var (weights, built, bandwidths) = kernels.Finish();

        Assert.Equal(order.Select(j => centres[j]), built);
        Assert.Equal(1.0, weights.Sum(), 12);
        var expected = PlainBandwidths(order.Select(j => centres[j]).ToArray(), Array.IndexOf(order, priorIndex));
        Assert.Equal(expected, bandwidths);
    }

    [Fact]
    public void Merged_runs_keep_the_total_weight_and_the_prior_comes_last()
    {
        var kernels = new LineKernels(Line, 2002, merge: true);
        var random = new Random(1);
        var centres = Enumerable.Range(0, 2000).Select(_ => 1 + (0.5 * random.NextDouble())).Order().ToArray();
        foreach (var centre in centres.Where(c => c <= 3))
        {
            kernels.Add(centre, 2.0);
        }

        kernels.AddPrior(1.0);
        kernels.Add(7.5, 2.0);
        var (weights, built, bandwidths) = kernels.Finish();

        Assert.True(weights.Length < 200, $"{weights.Length} kernels");
        Assert.Equal(1.0, weights.Sum(), 12);
        Assert.Equal((3.0, 10.0), (built[^1], bandwidths[^1]));
        Assert.Equal(1.0 / 4003, weights[^1], 12);
    }

    /// <summary>The rule as Optuna states it, on centres in ascending order with the prior at <paramref name="priorAt"/>.</summary>
    private static double[] PlainBandwidths(double[] centres, int priorAt)
    {
        const double low = -2, high = 8, range = high - low;
        var count = centres.Length;
        var withEnds = new[] { low }.Concat(centres).Append(high).ToArray();
        var bandwidths = new double[count];
        for (var i = 0; i < count; i++)
        {
            bandwidths[i] = Math.Max(withEnds[i + 1] - withEnds[i], withEnds[i + 2] - withEnds[i + 1]);
        }

        if (count >= 2)
        {
            bandwidths[0] = withEnds[2] - withEnds[1];
            bandwidths[^1] = withEnds[^2] - withEnds[^3];
        }

        var minimum = range / Math.Min(100.0, 1.0 + count);
        for (var i = 0; i < count; i++)
        {
            bandwidths[i] = Math.Clamp(bandwidths[i], minimum, range);
        }

        bandwidths[priorAt] = range;
        return bandwidths;
    }
}
