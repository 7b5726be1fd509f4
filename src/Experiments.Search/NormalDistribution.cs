namespace Experiments.Search;

/// <summary>
/// The standard normal's density, tails and interval masses in log space, accurate far into the tails (where a
/// Parzen estimator's kernels are evaluated for candidates many bandwidths away), and normal draws.
/// </summary>
public static class NormalDistribution
{
    private static readonly double LogSqrtTwoPi = 0.5 * Math.Log(2 * Math.PI);

    /// <summary>P(Z &lt; -8.5) = 9.5e-18: beyond this on both sides an interval holds all the mass a double can tell.</summary>
    private const double MassIsOneBeyond = 8.5;

    /// <summary>log φ(z).</summary>
    public static double LogDensity(double z) => (-0.5 * z * z) - LogSqrtTwoPi;

    /// <summary>P(Z &gt; z), with small relative error also where it is tiny.</summary>
    public static double UpperTail(double z) => 0.5 * Erfc(z / Math.Sqrt(2));

    /// <summary>P(Z &lt;= z).</summary>
    public static double Cdf(double z) => UpperTail(-z);

    /// <summary>log P(a &lt; Z &lt; b) for a &lt; b, computed on the side of the tails the interval lies in.</summary>
    public static double LogMass(double a, double b)
    {
        if (a < -MassIsOneBeyond && b > MassIsOneBeyond)
        {
            // Both tails below 1e-17: the mass is 1 in double precision, as computing it would find.
            return 0;
        }

        if (b - a < 1e-3)
        {
            // Narrow: the midpoint rule is exact to O((b - a)^2) and never cancels.
            return LogDensity(0.5 * (a + b)) + Math.Log(b - a);
        }

        var mass = a > 0 ? UpperTail(a) - UpperTail(b) : Cdf(b) - Cdf(a);
        if (mass > 1e-300)
        {
            return Math.Log(mass);
        }

        // Both ends deep in one tail, where P(Z > x) = φ(x) / x to many digits: the mass is
        // φ(near) / near · (1 - φ(far) / φ(near) · near / far), kept in log space.
        var (near, far) = a > 0 ? (a, b) : (-b, -a);
        var rest = double.IsPositiveInfinity(far) ? 0 : Math.Exp(-0.5 * (far - near) * (far + near)) * near / far;
        return LogDensity(near) - Math.Log(near) + Math.Log(1 - rest);
    }

    /// <summary>
    /// erfc with fractional error below 1.2e-7 everywhere (Chebyshev fit of Press et al., Numerical Recipes 6.2).
    /// </summary>
    public static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + (0.5 * z));
        var polynomial = 0.0;
        for (var i = ErfcCoefficients.Length - 1; i >= 0; i--)
        {
            polynomial = (polynomial * t) + ErfcCoefficients[i];
        }

        var result = t * Math.Exp(-(z * z) + polynomial);
        return x >= 0 ? result : 2 - result;
    }

    /// <summary>
    /// Mills' ratio P(Z &gt; x) / φ(x) for x &gt;= 0, with the same relative error as <see cref="Erfc"/>: the fit is
    /// t·exp(-x²/2 + polynomial), so the exp(-x²/2) both share cancels exactly instead of underflowing far out.
    /// </summary>
    public static double MillsRatio(double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        var half = x / Math.Sqrt(2);
        var t = 1 / (1 + (0.5 * half));
        var polynomial = 0.0;
        for (var i = ErfcCoefficients.Length - 1; i >= 0; i--)
        {
            polynomial = (polynomial * t) + ErfcCoefficients[i];
        }

        return 0.5 * t * Math.Exp(polynomial) * Math.Sqrt(2 * Math.PI);
    }

    // The fit's polynomial in t, lowest power first.
    private static readonly double[] ErfcCoefficients =
        [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];

    /// <summary>A standard normal draw (Box-Muller; uses two uniforms).</summary>
    public static double Draw(Random random)
    {
        var u = 1 - random.NextDouble(); // (0, 1]: log(0) never happens
        var v = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u)) * Math.Cos(2 * Math.PI * v);
    }
}
