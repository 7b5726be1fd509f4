namespace Experiments.Search;

/// <summary>
/// The (μ/μ_w, λ)-CMA-ES state in the unit cube of the numeric parameters: mean, step size, covariance with its
/// eigendecomposition, and the two evolution paths. Updated once per generation from that generation's evaluated
/// solutions, as in Hansen's tutorial (arXiv:1604.00772), with the default strategy parameters.
/// </summary>
internal sealed class CmaEsState
{
    private readonly int n;
    private readonly double expectedNorm; // E||N(0, I)||
    private double[,] covariance;
    private double[,] eigenvectors;
    private double[] scales; // square roots of the covariance's eigenvalues
    private double[] stepPath;
    private double[] covariancePath;
    private int updates;

    public CmaEsState(double[] mean, double sigma)
    {
        n = mean.Length;
        Mean = (double[])mean.Clone();
        Sigma = sigma;
        covariance = Identity(n);
        eigenvectors = Identity(n);
        scales = Enumerable.Repeat(1.0, n).ToArray();
        stepPath = new double[n];
        covariancePath = new double[n];
        expectedNorm = Math.Sqrt(n) * (1 - (1.0 / (4 * n)) + (1.0 / (21.0 * n * n)));
    }

    private CmaEsState(CmaEsState other)
    {
        n = other.n;
        expectedNorm = other.expectedNorm;
        covariance = (double[,])other.covariance.Clone();
        eigenvectors = (double[,])other.eigenvectors.Clone();
        scales = (double[])other.scales.Clone();
        stepPath = (double[])other.stepPath.Clone();
        covariancePath = (double[])other.covariancePath.Clone();
        updates = other.updates;
        Mean = (double[])other.Mean.Clone();
        Sigma = other.Sigma;
    }

    public double[] Mean { get; private set; }

    public double Sigma { get; private set; }

    /// <summary>True once the search has collapsed (no step left in any direction) or blown up: time to restart.</summary>
    public bool Stagnated =>
        !double.IsFinite(Sigma) || Sigma * scales.Max() < 1e-12 || scales.Max() > 1e7 * Math.Max(scales.Min(), 1e-300);

    public CmaEsState Clone() => new(this);

    /// <summary>A draw from N(mean, σ² C) inside the unit cube: resampled up to 100 times, then clipped.</summary>
    public double[] Sample(Random random)
    {
        var x = new double[n];
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var z = new double[n];
            for (var i = 0; i < n; i++)
            {
                z[i] = scales[i] * NormalDistribution.Draw(random);
            }

            var inside = true;
            for (var i = 0; i < n; i++)
            {
                var y = 0.0;
                for (var k = 0; k < n; k++)
                {
                    y += eigenvectors[i, k] * z[k];
                }

                x[i] = Mean[i] + (Sigma * y);
                inside &= x[i] >= 0 && x[i] <= 1;
            }

            if (inside)
            {
                return x;
            }
        }

        for (var i = 0; i < n; i++)
        {
            x[i] = Math.Clamp(x[i], 0, 1);
        }

        return x;
    }

    /// <summary>One generation's update from its evaluated solutions, best first (at least two).</summary>
    public void Update(IReadOnlyList<double[]> rankedSolutions, int populationSize)
    {
        var count = rankedSolutions.Count;
        // Recombination weights over the better half of the population; a generation with missing (failed or
        // unfinished) members recombines the better half of what it has.
        var parents = Math.Max(1, Math.Min(populationSize / 2, count / 2));
        var weights = new double[parents];
        for (var i = 0; i < parents; i++)
        {
            weights[i] = Math.Log((parents * 2 + 1) / 2.0) - Math.Log(i + 1);
        }

        var total = weights.Sum();
        for (var i = 0; i < parents; i++)
        {
            weights[i] /= total;
        }

        var muEff = 1 / weights.Sum(w => w * w);
        var cSigma = (muEff + 2) / (n + muEff + 5);
        var dSigma = 1 + (2 * Math.Max(0, Math.Sqrt((muEff - 1) / (n + 1)) - 1)) + cSigma;
        var cC = (4 + (muEff / n)) / (n + 4 + (2 * muEff / n));
        var c1 = 2 / (((n + 1.3) * (n + 1.3)) + muEff);
        var cMu = Math.Min(1 - c1, 2 * (muEff - 2 + (1 / muEff)) / (((n + 2) * (n + 2)) + muEff));

        var steps = new double[parents][];
        var weightedStep = new double[n];
        for (var i = 0; i < parents; i++)
        {
            steps[i] = new double[n];
            for (var k = 0; k < n; k++)
            {
                steps[i][k] = (rankedSolutions[i][k] - Mean[k]) / Sigma;
                weightedStep[k] += weights[i] * steps[i][k];
            }
        }

        var mean = new double[n];
        for (var k = 0; k < n; k++)
        {
            mean[k] = Mean[k] + (Sigma * weightedStep[k]);
        }

        // C^(-1/2) y_w = B D^-1 Bᵀ y_w.
        var whitened = Multiply(eigenvectors, Divide(MultiplyTransposed(eigenvectors, weightedStep), scales));
        var stepFactor = Math.Sqrt(cSigma * (2 - cSigma) * muEff);
        for (var k = 0; k < n; k++)
        {
            stepPath[k] = ((1 - cSigma) * stepPath[k]) + (stepFactor * whitened[k]);
        }

        updates++;
        var stepPathNorm = Math.Sqrt(stepPath.Sum(v => v * v));
        var shortPath = stepPathNorm / Math.Sqrt(1 - Math.Pow(1 - cSigma, 2 * updates)) < (1.4 + (2.0 / (n + 1))) * expectedNorm;
        var hSigma = shortPath ? 1.0 : 0.0;
        var covarianceFactor = hSigma * Math.Sqrt(cC * (2 - cC) * muEff);
        for (var k = 0; k < n; k++)
        {
            covariancePath[k] = ((1 - cC) * covariancePath[k]) + (covarianceFactor * weightedStep[k]);
        }

        var delta = (1 - hSigma) * cC * (2 - cC);
        var next = new double[n, n];
        for (var r = 0; r < n; r++)
        {
            for (var c = 0; c <= r; c++)
            {
                var rankMu = 0.0;
                for (var i = 0; i < parents; i++)
                {
                    rankMu += weights[i] * steps[i][r] * steps[i][c];
                }

                var value = ((1 + (c1 * delta) - c1 - cMu) * covariance[r, c]) + (c1 * covariancePath[r] * covariancePath[c]) + (cMu * rankMu);
                next[r, c] = value;
                next[c, r] = value;
            }
        }

        Mean = mean;
        Sigma *= Math.Exp(cSigma / dSigma * ((stepPathNorm / expectedNorm) - 1));
        covariance = next;
        var (values, vectors) = SymmetricEigen.Decompose(covariance);
        eigenvectors = vectors;
        scales = values.Select(v => Math.Sqrt(Math.Max(v, 1e-300))).ToArray();
    }

    private static double[,] Identity(int size)
    {
        var identity = new double[size, size];
        for (var i = 0; i < size; i++)
        {
            identity[i, i] = 1;
        }

        return identity;
    }

    private static double[] Multiply(double[,] matrix, double[] vector)
    {
        var size = vector.Length;
        var result = new double[size];
        for (var r = 0; r < size; r++)
        {
            for (var c = 0; c < size; c++)
            {
                result[r] += matrix[r, c] * vector[c];
            }
        }

        return result;
    }

    private static double[] MultiplyTransposed(double[,] matrix, double[] vector)
    {
        var size = vector.Length;
        var result = new double[size];
        for (var r = 0; r < size; r++)
        {
            for (var c = 0; c < size; c++)
            {
                result[r] += matrix[c, r] * vector[c];
            }
        }

        return result;
    }

    private static double[] Divide(double[] values, double[] divisors) => values.Select((v, i) => v / divisors[i]).ToArray();
}
