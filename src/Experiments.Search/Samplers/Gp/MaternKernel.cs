namespace Experiments.Search;

/// <summary>
/// The Matérn 5/2 correlation with one lengthscale per dimension (automatic relevance determination), the usual
/// choice for hyperparameter surfaces (Snoek et al. 2012): twice differentiable, where the squared exponential's
/// infinite smoothness over-smooths real objectives. Numeric dimensions add (Δ/ℓ)² to the squared distance; a
/// categorical dimension adds 1/ℓ² when the categories differ (a Hamming distance), nothing when they match.
/// </summary>
internal static class MaternKernel
{
    /// <summary>The squared scaled distance r² between two points, given 1/ℓ² per dimension.</summary>
    public static double SquaredDistance(ReadOnlySpan<double> a, ReadOnlySpan<double> b, ReadOnlySpan<double> inverseSquaredLengthscales, int numericCount)
    {
        var sum = 0.0;
        for (var d = 0; d < numericCount; d++)
        {
            var difference = a[d] - b[d];
            sum += inverseSquaredLengthscales[d] * difference * difference;
        }

        for (var d = numericCount; d < inverseSquaredLengthscales.Length; d++)
        {
            if (a[d] != b[d])
            {
                sum += inverseSquaredLengthscales[d];
            }
        }

        return sum;
    }

    /// <summary>The correlation (1 + √5 r + 5r²/3)·exp(-√5 r) at squared distance r², and its slope d/d(r²).</summary>
    public static double Correlation(double squaredDistance, out double slope)
    {
        var scaled = Math.Sqrt(5 * squaredDistance); // √5 r
        var decay = Math.Exp(-scaled);
        // d/d(r²) is finite at r = 0 (unlike d/dr of the distance itself), which keeps the gradients smooth there.
        slope = -5.0 / 6 * (1 + scaled) * decay;
        return (1 + scaled + (scaled * scaled / 3)) * decay;
    }
}
