namespace Experiments.Search;

/// <summary>
/// The posterior of a zero-mean Gaussian process (Matérn 5/2, fixed hyperparameters) given observations: its mean and
/// the variance of the latent function (without the observation noise) at any point, with their gradients in the
/// numeric coordinates. Predictions reuse buffers, so one instance serves one thread.
/// </summary>
internal sealed class GaussianProcess
{
    /// <summary>Added to the diagonal so that duplicated points (a discrete space revisited) keep the matrix factorable.</summary>
    public const double Jitter = 1e-9;

    private readonly double[] points;
    private readonly double[] values;
    private readonly int dimensions;
    private readonly int numericCount;
    private readonly double[] weights;
    private readonly double amplitude;
    private readonly double noise;
    private readonly double[] factor;
    private readonly double[] alpha;
    private readonly double[] cross;
    private readonly double[] solved;
    private readonly double[] slopes;

    /// <param name="points">Row-major, one row of <paramref name="dimensions"/> coordinates per observation.</param>
    public GaussianProcess(double[] points, double[] values, int dimensions, int numericCount, GpHyperparameters hyperparameters)
    {
        ArgumentNullException.ThrowIfNull(hyperparameters);
        this.points = points;
        this.values = values;
        this.dimensions = dimensions;
        this.numericCount = numericCount;
        weights = hyperparameters.InverseSquaredLengthscales.ToArray();
        amplitude = hyperparameters.Amplitude;
        noise = hyperparameters.Noise;
        Count = values.Length;
        factor = new double[Count * Count];
        alpha = new double[Count];
        cross = new double[Count];
        solved = new double[Count];
        slopes = new double[Count];

        // Should rounding leave the matrix indefinite (near-duplicate points), add more to the diagonal until it is not.
        for (var extra = 0.0; ; extra = extra == 0 ? 1e-8 * amplitude : extra * 10)
        {
            Fill(extra);
            if (Cholesky.Factor(factor, Count))
            {
                break;
            }

            if (extra > amplitude)
            {
                throw new InvalidOperationException("The Gaussian process's covariance matrix cannot be factored.");
            }
        }

        values.CopyTo(alpha, 0);
        Cholesky.Solve(factor, Count, alpha);
    }

    public int Count { get; }

    public double Amplitude => amplitude;

    /// <summary>The posterior mean at observation <paramref name="index"/>: its value less what the model calls noise.</summary>
    public double FittedMean(int index) => values[index] - ((noise + Jitter) * alpha[index]);

    /// <summary>Posterior mean and latent variance at <paramref name="point"/>.</summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> point)
    {
        for (var i = 0; i < Count; i++)
        {
            cross[i] = amplitude * MaternKernel.Correlation(MaternKernel.SquaredDistance(point, points.AsSpan(i * dimensions, dimensions), weights, numericCount), out _);
        }

        var mean = DenseVector.Dot(cross, alpha);
        cross.CopyTo(solved, 0);
        Cholesky.SolveLower(factor, Count, solved);
        return (mean, Math.Max(amplitude - DenseVector.Dot(solved, solved), 0));
    }

    /// <summary>
    /// Posterior mean and latent variance at <paramref name="point"/>, with their gradients with respect to its
    /// numeric coordinates (the categorical ones are left at zero).
    /// </summary>
    public (double Mean, double Variance) Predict(ReadOnlySpan<double> point, Span<double> meanGradient, Span<double> varianceGradient)
    {
        for (var i = 0; i < Count; i++)
        {
            cross[i] = amplitude * MaternKernel.Correlation(MaternKernel.SquaredDistance(point, points.AsSpan(i * dimensions, dimensions), weights, numericCount), out var slope);
            slopes[i] = amplitude * slope;
        }

        var mean = DenseVector.Dot(cross, alpha);
        cross.CopyTo(solved, 0);
        Cholesky.SolveLower(factor, Count, solved);
        var variance = amplitude - DenseVector.Dot(solved, solved);
        Cholesky.SolveUpper(factor, Count, solved); // now K⁻¹·k

        meanGradient.Clear();
        varianceGradient.Clear();
        for (var i = 0; i < Count; i++)
        {
            // ∂k_i/∂x_d = amplitude · slope · 2 (x_d - x_id) / ℓ_d²; the variance is amplitude - kᵀK⁻¹k.
            var row = points.AsSpan(i * dimensions, dimensions);
            var meanFactor = 2 * slopes[i] * alpha[i];
            var varianceFactor = -4 * slopes[i] * solved[i];
            for (var d = 0; d < numericCount; d++)
            {
                var scaled = weights[d] * (point[d] - row[d]);
                meanGradient[d] += meanFactor * scaled;
                varianceGradient[d] += varianceFactor * scaled;
            }
        }

        return (mean, Math.Max(variance, 0));
    }

    private void Fill(double extra)
    {
        var n = Count;
        for (var i = 0; i < n; i++)
        {
            var row = points.AsSpan(i * dimensions, dimensions);
            for (var j = 0; j < i; j++)
            {
                factor[(i * n) + j] = amplitude * MaternKernel.Correlation(MaternKernel.SquaredDistance(row, points.AsSpan(j * dimensions, dimensions), weights, numericCount), out _);
            }

            factor[(i * n) + i] = amplitude + noise + Jitter + extra;
        }
    }
}
