namespace Experiments.Search;

/// <summary>
/// How well hyperparameters explain the observations: minus the log marginal likelihood of the (warped, standardised)
/// values under a zero-mean Gaussian process with a Matérn 5/2 kernel, and its gradient with respect to the log
/// hyperparameters (layout in <see cref="GpHyperparameters"/>). What does not depend on the hyperparameters (each
/// pair's per-dimension separation) is computed once, and buffers are allocated once, for a whole fit.
/// </summary>
internal sealed class MarginalLikelihood
{
    private static readonly double LogTwoPi = Math.Log(2 * Math.PI);

    private readonly double[] values;
    private readonly int count;
    private readonly int dimensions;
    // Pair (i, j), j < i, is number i(i-1)/2 + j: its squared difference per numeric dimension, 0 or 1 (mismatch) per categorical one.
    private readonly double[] separations;
    private readonly double[] covariances;
    private readonly double[] slopes;
    private readonly double[] kernel;
    private readonly double[] inverseTransposed;
    private readonly double[] alpha;
    private readonly double[] weights;
    private readonly double[] lengthscaleGradient;

    /// <param name="points">Row-major, one row of <paramref name="dimensions"/> coordinates per observation.</param>
    public MarginalLikelihood(double[] points, double[] values, int dimensions, int numericCount)
    {
        this.values = values;
        this.dimensions = dimensions;
        count = values.Length;
        var pairs = count * (count - 1) / 2;
        separations = new double[pairs * dimensions];
        for (var i = 0; i < count; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var separation = separations.AsSpan(Pair(i, j) * dimensions, dimensions);
                for (var d = 0; d < dimensions; d++)
                {
                    var difference = points[(i * dimensions) + d] - points[(j * dimensions) + d];
                    separation[d] = d < numericCount ? difference * difference : difference != 0 ? 1 : 0;
                }
            }
        }

        covariances = new double[pairs];
        slopes = new double[pairs];
        kernel = new double[count * count];
        inverseTransposed = new double[count * count];
        alpha = new double[count];
        weights = new double[dimensions];
        lengthscaleGradient = new double[dimensions];
    }

    /// <summary>Minus the log marginal likelihood at <paramref name="logParameters"/>; +∞ when the kernel matrix cannot be factored.</summary>
    public double Evaluate(ReadOnlySpan<double> logParameters, Span<double> gradient)
    {
        var n = count;
        for (var d = 0; d < dimensions; d++)
        {
            weights[d] = Math.Exp(-2 * logParameters[d]);
        }

        var amplitude = Math.Exp(logParameters[dimensions]);
        var noise = Math.Exp(logParameters[dimensions + 1]);
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < i; j++)
            {
                var pair = Pair(i, j);
                var correlation = MaternKernel.Correlation(DenseVector.Dot(weights, separations.AsSpan(pair * dimensions, dimensions)), out var slope);
                covariances[pair] = amplitude * correlation;
                slopes[pair] = amplitude * slope;
                kernel[(i * n) + j] = covariances[pair];
            }

            kernel[(i * n) + i] = amplitude + noise + GaussianProcess.Jitter;
        }

        if (!Cholesky.Factor(kernel, n))
        {
            return double.PositiveInfinity;
        }

        values.CopyTo(alpha, 0);
        Cholesky.Solve(kernel, n, alpha);
        var fit = DenseVector.Dot(values, alpha);
        var logDeterminant = 0.0;
        for (var i = 0; i < n; i++)
        {
            logDeterminant += Math.Log(kernel[(i * n) + i]);
        }

        // ∂(log likelihood)/∂θ = ½ tr(W ∂K/∂θ) with W = α·αᵀ - K⁻¹; K⁻¹ comes from U = L⁻ᵀ a pair at a time.
        Cholesky.InvertTransposed(kernel, n, inverseTransposed);
        Array.Clear(lengthscaleGradient);
        var amplitudeGradient = 0.0;
        var noiseGradient = 0.0;
        for (var i = 0; i < n; i++)
        {
            var inverseRow = inverseTransposed.AsSpan((i * n) + i, n - i);
            var diagonal = (alpha[i] * alpha[i]) - DenseVector.Dot(inverseRow, inverseRow);
            amplitudeGradient += 0.5 * diagonal * amplitude;
            noiseGradient += 0.5 * diagonal * noise;
            for (var j = i + 1; j < n; j++)
            {
                // Each pair stands for two symmetric entries, which cancels the ½.
                var w = (alpha[i] * alpha[j]) - DenseVector.Dot(inverseRow[(j - i)..], inverseTransposed.AsSpan((j * n) + j, n - j));
                var pair = Pair(j, i);
                amplitudeGradient += w * covariances[pair];
                // ∂K/∂(log ℓ_d) = amplitude · slope · ∂r²/∂(log ℓ_d) = amplitude · slope · (-2 separation_d / ℓ_d²).
                DenseVector.SubtractScaled(lengthscaleGradient, 2 * w * slopes[pair], separations.AsSpan(pair * dimensions, dimensions));
            }
        }

        // The gradient of minus the log likelihood.
        for (var d = 0; d < dimensions; d++)
        {
            gradient[d] = -weights[d] * lengthscaleGradient[d];
        }

        gradient[dimensions] = -amplitudeGradient;
        gradient[dimensions + 1] = -noiseGradient;
        return 0.5 * (fit + (2 * logDeterminant) + (n * LogTwoPi));
    }

    private static int Pair(int larger, int smaller) => (larger * (larger - 1) / 2) + smaller;
}
