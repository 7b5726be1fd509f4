namespace Experiments.Search;

/// <summary>
/// A weighted mixture with one kernel per observed trial plus a broad prior kernel: truncated normals on numeric
/// dimensions (their mass over the bin for integers), smoothed one-hot distributions on categories. With several
/// dimensions each kernel is the product over them (the multivariate TPE); with one it is the classic univariate
/// estimator. Bandwidths follow Bergstra et al. (2011) and Falkner et al. (2018) as Optuna implements them: the
/// distance to the farther neighbour (univariate) or Scott's rule (multivariate), clipped to [range / min(100, n + 1),
/// range].
/// </summary>
internal sealed class ParzenEstimator
{
    /// <summary>Scott's-rule magnitude of the multivariate bandwidth, as a fraction of the range.</summary>
    private const double MultivariateBandwidth = 0.2;

    /// <summary>exp(-40) = 4e-18 of the largest term: below the rounding of a sum that holds that term (1).</summary>
    private const double NegligibleLogTerm = -40;

    private readonly IReadOnlyList<SearchDimension> dimensions;
    private readonly double priorWeight;
    private readonly double[] logWeights;
    private readonly double[] cumulativeWeights;
    private readonly double[][] mus;       // [dimension][component]; category index for categorical dimensions
    private readonly double[][] sigmas;    // [dimension][component]; numeric dimensions only
    private readonly double[][] logNormalisers;
    private readonly double[][] logSigmas;     // log σ, kept so that scoring candidates takes no logarithm per kernel
    private readonly double[]? inverseSigmas;  // one continuous dimension only: 1 / σ per kernel
    private readonly double[]? offsets;        // one continuous dimension only: log weight + log φ(0) - log σ - log mass per kernel

    /// <param name="observations">[observation][dimension] coordinates, oldest first.</param>
    /// <param name="weights">One weight per observation (older trials may count less).</param>
    /// <param name="densityOnly">
    /// The estimator is only evaluated, never sampled (the rest's): on one dimension, kernels that lie within an eighth
    /// of their common bandwidth of each other become one kernel of their summed weight, with their mean and their
    /// spread added to its variance, so the density keeps its first two moments and a long history costs about as much
    /// to score against as a short one.
    /// </param>
    public ParzenEstimator(
        IReadOnlyList<SearchDimension> dimensions, IReadOnlyList<double[]> observations, IReadOnlyList<double> weights, double priorWeight, bool multivariate, bool densityOnly = false)
        : this(dimensions, priorWeight, Kernels.Of(dimensions, observations, weights, priorWeight, multivariate, densityOnly))
    {
    }

    private ParzenEstimator(IReadOnlyList<SearchDimension> dimensions, double priorWeight, Kernels kernels)
    {
        this.dimensions = dimensions;
        this.priorWeight = priorWeight;
        (mus, sigmas) = (kernels.Centres, kernels.Bandwidths);
        var components = kernels.Weights.Length;
        logWeights = new double[components];
        cumulativeWeights = new double[components];
        var running = 0.0;
        for (var j = 0; j < components; j++)
        {
            logWeights[j] = Math.Log(kernels.Weights[j]);
            running += kernels.Weights[j];
            cumulativeWeights[j] = running;
        }

        logNormalisers = new double[dimensions.Count][];
        logSigmas = new double[dimensions.Count][];
        for (var d = 0; d < dimensions.Count; d++)
        {
            if (dimensions[d] is NumericDimension numeric)
            {
                logNormalisers[d] = new double[components];
                logSigmas[d] = Array.ConvertAll(sigmas[d], Math.Log);
                for (var j = 0; j < components; j++)
                {
                    logNormalisers[d][j] = NormalDistribution.LogMass((numeric.Low - mus[d][j]) / sigmas[d][j], (numeric.High - mus[d][j]) / sigmas[d][j]);
                }
            }
        }

        if (dimensions.Count == 1 && dimensions[0] is NumericDimension { Bin: <= 0 })
        {
            // One continuous dimension: each kernel's log density is offset - z² / 2, evaluated in one tight loop.
            inverseSigmas = Array.ConvertAll(sigmas[0], sigma => 1 / sigma);
            offsets = new double[components];
            for (var j = 0; j < components; j++)
            {
                offsets[j] = logWeights[j] + NormalDistribution.LogDensity(0) - logSigmas[0][j] - logNormalisers[0][j];
            }
        }
    }

    /// <summary>An estimator on one numeric dimension from kernels already built (TPE's rest, walked from its kept order).</summary>
    public static ParzenEstimator OnLine(NumericDimension dimension, LineKernels kernels, double priorWeight)
    {
        var (weights, centres, bandwidths) = kernels.Finish();
        return new ParzenEstimator([dimension], priorWeight, new Kernels(weights, [centres], [bandwidths]));
    }

    /// <summary>The number of kernels, the prior's included (fewer than the observations + 1 after merging).</summary>
    public int Components => logWeights.Length;

    /// <summary>Draws a point: a kernel chosen by weight, then each coordinate from that kernel.</summary>
    public double[] Sample(Random random)
    {
        var component = Array.BinarySearch(cumulativeWeights, random.NextDouble() * cumulativeWeights[^1]);
        component = Math.Min(component < 0 ? ~component : component, cumulativeWeights.Length - 1);
        var point = new double[dimensions.Count];
        for (var d = 0; d < dimensions.Count; d++)
        {
            point[d] = dimensions[d] switch
            {
                NumericDimension numeric => SampleNumeric(numeric, mus[d][component], sigmas[d][component], random),
                CategoricalDimension categorical => SampleCategory(categorical, component, mus[d], random),
                _ => throw new InvalidOperationException(),
            };
        }

        return point;
    }

    /// <summary>log of the mixture's density (probability on categorical and binned dimensions) at a point.</summary>
    public double LogDensity(double[] point)
    {
        if (offsets is not null)
        {
            return LogDensityOnTheLine(point[0]);
        }

        var max = double.NegativeInfinity;
        Span<double> terms = logWeights.Length <= 512 ? stackalloc double[logWeights.Length] : new double[logWeights.Length];
        for (var j = 0; j < logWeights.Length; j++)
        {
            var term = logWeights[j];
            for (var d = 0; d < dimensions.Count; d++)
            {
                term += LogKernel(d, j, point[d]);
            }

            terms[j] = term;
            max = Math.Max(max, term);
        }

        if (double.IsNegativeInfinity(max))
        {
            return max;
        }

        var sum = 0.0;
        foreach (var term in terms)
        {
            sum += Math.Exp(term - max);
        }

        return max + Math.Log(sum);
    }

    /// <summary>The one-dimensional continuous case of <see cref="LogDensity"/>: the same sum, without a switch per kernel.</summary>
    private double LogDensityOnTheLine(double x)
    {
        var count = offsets!.Length;
        Span<double> terms = count <= 1024 ? stackalloc double[count] : new double[count];
        var mu = mus[0];
        var max = double.NegativeInfinity;
        for (var j = 0; j < count; j++)
        {
            var z = (x - mu[j]) * inverseSigmas![j];
            var term = offsets[j] - (0.5 * z * z);
            terms[j] = term;
            max = Math.Max(max, term);
        }

        var sum = 0.0;
        foreach (var term in terms)
        {
            // Kernels many bandwidths away add less than the sum's rounding: most of them, in a long history.
            var relative = term - max;
            if (relative > NegligibleLogTerm)
            {
                sum += Math.Exp(relative);
            }
        }

        return max + Math.Log(sum);
    }

    private double LogKernel(int d, int component, double x)
    {
        switch (dimensions[d])
        {
            case NumericDimension { Bin: > 0 } binned:
            {
                var sigma = sigmas[d][component];
                var mu = mus[d][component];
                return NormalDistribution.LogMass((x - (0.5 * binned.Bin) - mu) / sigma, (x + (0.5 * binned.Bin) - mu) / sigma) - logNormalisers[d][component];
            }

            case NumericDimension:
            {
                var sigma = sigmas[d][component];
                return NormalDistribution.LogDensity((x - mus[d][component]) / sigma) - logSigmas[d][component] - logNormalisers[d][component];
            }

            case CategoricalDimension categorical:
                return Math.Log(CategoryProbability(categorical, component, mus[d], (int)x));

            default:
                throw new InvalidOperationException();
        }
    }

    /// <summary>An observed trial's kernel: its own category plus the prior's share spread over all (Optuna's smoothing).</summary>
    private double CategoryProbability(CategoricalDimension dimension, int component, double[] observed, int category)
    {
        var isPrior = component == observed.Length - 1;
        if (isPrior)
        {
            return 1.0 / dimension.Count;
        }

        var spread = priorWeight / dimension.Count;
        return ((int)observed[component] == category ? 1 + spread : spread) / (1 + priorWeight);
    }

    private double SampleCategory(CategoricalDimension dimension, int component, double[] observed, Random random)
    {
        var u = random.NextDouble();
        for (var category = 0; category < dimension.Count - 1; category++)
        {
            u -= CategoryProbability(dimension, component, observed, category);
            if (u < 0)
            {
                return category;
            }
        }

        return dimension.Count - 1;
    }

    private static double SampleNumeric(NumericDimension dimension, double mu, double sigma, Random random)
    {
        // Rejection from the untruncated normal: the kernel's centre lies inside and its width is at most the range,
        // so at least a third of the draws land inside; the cap only guards against pathological inputs.
        var x = mu;
        for (var attempt = 0; attempt < 1000; attempt++)
        {
            var drawn = mu + (sigma * NormalDistribution.Draw(random));
            if (drawn >= dimension.Low && drawn <= dimension.High)
            {
                x = drawn;
                break;
            }
        }

        if (dimension.Bin <= 0)
        {
            return x;
        }

        // The centre of the bin the draw fell in.
        var bins = (long)Math.Round((dimension.High - dimension.Low) / dimension.Bin);
        var bin = Math.Clamp((long)Math.Floor((x - dimension.Low) / dimension.Bin), 0, bins - 1);
        return dimension.Low + ((bin + 0.5) * dimension.Bin);
    }

    /// <summary>The kernels of a mixture: normalised weights, and centres and bandwidths per dimension, the prior last.</summary>
    private sealed record Kernels(double[] Weights, double[][] Centres, double[][] Bandwidths)
    {
        /// <summary>One kernel per observation, in the observations' order, then the prior; merged when density-only on one dimension.</summary>
        public static Kernels Of(
            IReadOnlyList<SearchDimension> dimensions, IReadOnlyList<double[]> observations, IReadOnlyList<double> weights, double priorWeight, bool multivariate, bool densityOnly)
        {
            var count = observations.Count + 1; // the prior is the last component
            var total = weights.Sum() + priorWeight;
            var normalised = new double[count];
            for (var j = 0; j < count; j++)
            {
                normalised[j] = (j < observations.Count ? weights[j] : priorWeight) / total;
            }

            var centres = new double[dimensions.Count][];
            var bandwidths = new double[dimensions.Count][];
            for (var d = 0; d < dimensions.Count; d++)
            {
                centres[d] = new double[count];
                for (var j = 0; j < observations.Count; j++)
                {
                    centres[d][j] = observations[j][d];
                }

                if (dimensions[d] is NumericDimension numeric)
                {
                    centres[d][count - 1] = 0.5 * (numeric.Low + numeric.High);
                    bandwidths[d] = multivariate ? ScottBandwidths(numeric, count, dimensions.Count) : NeighbourBandwidths(numeric, centres[d]);
                }
            }

            if (densityOnly && dimensions.Count == 1 && count > 2)
            {
                if (dimensions[0] is NumericDimension numeric)
                {
                    (normalised, centres[0], bandwidths[0]) = InAscendingOrder(numeric, centres[0], normalised, merge: true).Finish();
                }
                else
                {
                    (normalised, centres[0]) = KernelMerging.MergeSameCategory(normalised, centres[0]);
                }
            }

            return new Kernels(normalised, centres, bandwidths);
        }

        /// <summary>The univariate estimator's bandwidths, found in ascending order of centre and given back in the centres' order.</summary>
        private static double[] NeighbourBandwidths(NumericDimension dimension, double[] centres)
        {
            var order = AscendingOrder(centres);
            var (_, _, ascending) = InAscendingOrder(dimension, centres, new double[centres.Length], merge: false, order).Finish();
            var bandwidths = new double[centres.Length];
            for (var rank = 0; rank < order.Length; rank++)
            {
                bandwidths[order[rank]] = ascending[rank];
            }

            return bandwidths;
        }

        /// <summary>The kernels (the prior last among <paramref name="centres"/>) fed to a builder in ascending order.</summary>
        private static LineKernels InAscendingOrder(NumericDimension dimension, double[] centres, double[] weights, bool merge, int[]? order = null)
        {
            var kernels = new LineKernels(dimension, centres.Length, merge);
            foreach (var j in order ?? AscendingOrder(centres))
            {
                if (j == centres.Length - 1)
                {
                    kernels.AddPrior(weights[j]);
                }
                else
                {
                    kernels.Add(centres[j], weights[j]);
                }
            }

            return kernels;
        }

        private static int[] AscendingOrder(double[] values)
        {
            var order = Enumerable.Range(0, values.Length).ToArray();
            Array.Sort((double[])values.Clone(), order);
            return order;
        }

        /// <summary>The multivariate estimator's bandwidth (Scott's rule), the same for every kernel but the prior's (the range).</summary>
        private static double[] ScottBandwidths(NumericDimension dimension, int count, int dimensions)
        {
            var range = dimension.High - dimension.Low;
            var bandwidths = new double[count];
            var scott = MultivariateBandwidth * Math.Pow(Math.Max(count - 1, 1), -1.0 / (dimensions + 4)) * range;
            Array.Fill(bandwidths, Math.Clamp(scott, range / Math.Min(100.0, 1.0 + count), range));
            bandwidths[count - 1] = range;
            return bandwidths;
        }
    }
}
