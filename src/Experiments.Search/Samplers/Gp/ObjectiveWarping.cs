namespace Experiments.Search;

/// <summary>
/// Puts objective values (lower is better) on the scale the Gaussian process models. They are standardised and
/// shifted so that the best is 0, then go through the Box-Cox power transform of 1 + value whose exponent makes them
/// look most normal (maximum likelihood; HEBO warps its outputs alike, Cowen-Rivers et al. 2022), and are standardised
/// again. The transform is monotone, so the order of trials is kept. It tames heavy tails, such as a few losses orders
/// of magnitude above the rest, which would otherwise make the model see every other value as equal; measuring from
/// the best value makes it spread out the values near the best, where the search looks, rather than around the mean.
/// </summary>
internal static class ObjectiveWarping
{
    private const double LowestExponent = -2;
    private const double HighestExponent = 4;
    private const int SearchSteps = 40;

    /// <summary>The warped values, in the same order; all zero when the values are all equal.</summary>
    public static double[] Warp(IReadOnlyList<double> values, bool powerTransform)
    {
        ArgumentNullException.ThrowIfNull(values);
        var standardised = Standardise(values.ToArray());
        if (!powerTransform || standardised.All(v => v == 0))
        {
            return standardised;
        }

        // Distances from the best in units of their median, not of the standard deviation: one diverged trial would
        // inflate that and leave every other distance too small for the transform to tell apart.
        var best = standardised.Min();
        var sorted = standardised.Select(v => v - best).Order().ToArray();
        var median = sorted[sorted.Length / 2];
        var scale = median > 0 ? median : sorted[^1];
        var distances = standardised.Select(v => (v - best) / scale).ToArray();
        var exponent = MostNormalExponent(distances);
        return Standardise(distances.Select(v => BoxCox(1 + v, exponent)).ToArray());
    }

    internal static double BoxCox(double value, double exponent) =>
        Math.Abs(exponent) < 1e-9 ? Math.Log(value) : (Math.Pow(value, exponent) - 1) / exponent;

    /// <summary>Golden-section search for the exponent with the largest profile log likelihood of normal data.</summary>
    private static double MostNormalExponent(double[] distances)
    {
        var ratio = (Math.Sqrt(5) - 1) / 2;
        var (low, high) = (LowestExponent, HighestExponent);
        var left = high - (ratio * (high - low));
        var right = low + (ratio * (high - low));
        var leftValue = ProfileLikelihood(distances, left);
        var rightValue = ProfileLikelihood(distances, right);
        for (var step = 0; step < SearchSteps; step++)
        {
            if (leftValue >= rightValue)
            {
                (high, right, rightValue) = (right, left, leftValue);
                left = high - (ratio * (high - low));
                leftValue = ProfileLikelihood(distances, left);
            }
            else
            {
                (low, left, leftValue) = (left, right, rightValue);
                right = low + (ratio * (high - low));
                rightValue = ProfileLikelihood(distances, right);
            }
        }

        return 0.5 * (low + high);
    }

    /// <summary>The normal log likelihood of the transformed values at their own mean and variance, with the transform's Jacobian.</summary>
    private static double ProfileLikelihood(double[] distances, double exponent)
    {
        var sum = 0.0;
        var sumOfSquares = 0.0;
        var logJacobian = 0.0;
        foreach (var distance in distances)
        {
            var transformed = BoxCox(1 + distance, exponent);
            sum += transformed;
            sumOfSquares += transformed * transformed;
            logJacobian += Math.Log(1 + distance);
        }

        var mean = sum / distances.Length;
        var variance = Math.Max((sumOfSquares / distances.Length) - (mean * mean), 1e-300);
        return (-0.5 * distances.Length * Math.Log(variance)) + ((exponent - 1) * logJacobian);
    }

    private static double[] Standardise(double[] values)
    {
        var mean = values.Average();
        var variance = values.Sum(v => (v - mean) * (v - mean)) / values.Length;
        var scale = variance > 1e-300 && double.IsFinite(variance) ? Math.Sqrt(variance) : 0;
        return values.Select(v => scale > 0 ? (v - mean) / scale : 0).ToArray();
    }
}
