namespace Experiments.Search;

/// <summary>
/// The logarithm of expected improvement below an incumbent, E[max(best - f, 0)] for f ~ N(mean, sd²), computed so
/// that it stays finite and ordered where the improvement itself underflows to zero (far from the incumbent, or at
/// points already tried): there plain EI is flat and gives a candidate search nothing to climb (Ament et al. 2023,
/// "Unexpected Improvements to Expected Improvement").
/// </summary>
internal static class LogExpectedImprovement
{
    // For z below -25 (x = -z above 25), 1 - x·R(x) would lose most digits to cancellation, and its asymptotic series
    // 1/x² - 3/x⁴ + 15/x⁶ - 105/x⁸ is accurate to a few parts in a billion; above, the subtraction loses at most 4 digits.
    private const double Asymptotic = 25;

    /// <summary>log EI, and its partial derivatives with respect to the mean and the standard deviation.</summary>
    public static double Value(double mean, double sd, double best, out double byMean, out double bySd)
    {
        var z = (best - mean) / sd;
        // EI = sd · h(z) with h(z) = φ(z) + z·Φ(z); ∂log EI/∂mean = -Φ(z)/(sd·h), ∂log EI/∂sd = φ(z)/(sd·h).
        double logH, cdfOverH, densityOverH;
        if (z > -1)
        {
            var density = Math.Exp(NormalDistribution.LogDensity(z));
            var cdf = NormalDistribution.Cdf(z);
            var h = density + (z * cdf);
            logH = Math.Log(h);
            cdfOverH = cdf / h;
            densityOverH = density / h;
        }
        else
        {
            // h(z) = φ(z)·(1 - x·R(x)) with x = -z and R Mills' ratio Φ(z)/φ(z): no exp(-z²/2) to underflow.
            var x = -z;
            var ratio = NormalDistribution.MillsRatio(x);
            var rest = x < Asymptotic ? 1 - (x * ratio) : Series(x);
            logH = NormalDistribution.LogDensity(z) + Math.Log(rest);
            cdfOverH = ratio / rest;
            densityOverH = 1 / rest;
        }

        byMean = -cdfOverH / sd;
        bySd = densityOverH / sd;
        return Math.Log(sd) + logH;
    }

    private static double Series(double x)
    {
        var inverse = 1 / (x * x);
        return inverse * (1 - (inverse * (3 - (inverse * (15 - (105 * inverse))))));
    }
}
