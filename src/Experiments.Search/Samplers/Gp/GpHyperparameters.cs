namespace Experiments.Search;

/// <summary>
/// A Gaussian process's kernel hyperparameters: 1/ℓ² per dimension, the signal amplitude (variance) and the
/// observation noise variance, on the scale of the standardised values. <see cref="Fit"/> picks the most probable ones
/// for the observations (maximum a posteriori) with box-bounded L-BFGS over their logarithms, from one fixed start at
/// the priors' centres: deterministic, and enough because the priors keep the surface smooth.
/// </summary>
internal sealed class GpHyperparameters
{
    // Log-normal lengthscale prior, median 0.2·√dimensions in the unit cube. The √dimensions growth follows Hvarfner,
    // Hellsten and Nardi (2024): in more dimensions points lie further apart, and a lengthscale that suits two
    // dimensions would make ten look like noise. Their median (e^√2·√d, about 4√d) is much longer: on the test functions
    // it let a relevant dimension be declared irrelevant early on, after which the search never moved along it (a
    // 10-D Rosenbrock run stayed at one bound of x2), and runs were worse with it on every function tried.
    private const double LengthscalePriorMedianPerRootDimension = 0.2;
    private const double LengthscalePriorSpread = 1.7320508075688772; // √3
    private const double AmplitudePriorSpread = 1.0;
    // Exponential prior on the noise variance (mean 1/20 of the standardised variance): prefers a model that explains
    // the data to one that calls it noise, while a noisy objective can still have its noise.
    private const double NoisePriorRate = 20;
    private const int FitIterations = 40;
    private const double FitTolerance = 1e-7;

    public GpHyperparameters(double[] inverseSquaredLengthscales, double amplitude, double noise)
    {
        InverseSquaredLengthscales = inverseSquaredLengthscales;
        Amplitude = amplitude;
        Noise = noise;
    }

    public IReadOnlyList<double> InverseSquaredLengthscales { get; }

    public double Amplitude { get; }

    public double Noise { get; }

    /// <summary>From the log-parameter vector the fit works on: log ℓ_d for each dimension, then log amplitude, then log noise.</summary>
    public static GpHyperparameters FromLog(ReadOnlySpan<double> logParameters, int dimensions)
    {
        var weights = new double[dimensions];
        for (var d = 0; d < dimensions; d++)
        {
            weights[d] = Math.Exp(-2 * logParameters[d]);
        }

        return new GpHyperparameters(weights, Math.Exp(logParameters[dimensions]), Math.Exp(logParameters[dimensions + 1]));
    }

    /// <summary>The most probable hyperparameters for standardised <paramref name="values"/> at row-major <paramref name="points"/>.</summary>
    public static GpHyperparameters Fit(double[] points, double[] values, int dimensions, int numericCount)
    {
        var size = dimensions + 2;
        var lower = new double[size];
        var upper = new double[size];
        var logParameters = new double[size];
        for (var d = 0; d < dimensions; d++)
        {
            (lower[d], upper[d], logParameters[d]) = (Math.Log(0.01), Math.Log(100), LengthscalePriorMedian(dimensions));
        }

        (lower[dimensions], upper[dimensions], logParameters[dimensions]) = (Math.Log(0.05), Math.Log(20), 0);
        (lower[dimensions + 1], upper[dimensions + 1], logParameters[dimensions + 1]) = (Math.Log(1e-6), Math.Log(1), Math.Log(1e-3));

        var likelihood = new MarginalLikelihood(points, values, dimensions, numericCount);
        BoundedLbfgs.Minimize(
            (log, gradient) => likelihood.Evaluate(log, gradient) - LogPrior(log, dimensions, gradient),
            logParameters,
            lower,
            upper,
            FitIterations,
            FitTolerance);
        return FromLog(logParameters, dimensions);
    }

    /// <summary>The log prior density (up to a constant); subtracts its gradient from <paramref name="gradient"/>.</summary>
    internal static double LogPrior(ReadOnlySpan<double> logParameters, int dimensions, Span<double> gradient)
    {
        var median = LengthscalePriorMedian(dimensions);
        var total = 0.0;
        for (var d = 0; d < dimensions; d++)
        {
            var z = (logParameters[d] - median) / LengthscalePriorSpread;
            total -= 0.5 * z * z;
            gradient[d] += z / LengthscalePriorSpread;
        }

        var amplitude = logParameters[dimensions] / AmplitudePriorSpread;
        total -= 0.5 * amplitude * amplitude;
        gradient[dimensions] += amplitude / AmplitudePriorSpread;

        var noise = Math.Exp(logParameters[dimensions + 1]);
        total -= NoisePriorRate * noise;
        gradient[dimensions + 1] += NoisePriorRate * noise;
        return total;
    }

    private static double LengthscalePriorMedian(int dimensions) => Math.Log(LengthscalePriorMedianPerRootDimension * Math.Sqrt(dimensions));
}
