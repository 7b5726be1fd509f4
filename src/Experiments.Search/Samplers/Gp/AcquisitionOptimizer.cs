namespace Experiments.Search;

/// <summary>
/// Finds the point of largest log expected improvement: scores a batch of candidates (half a scrambled Sobol' set
/// over the whole space, half perturbations of the best trials so far, where improvements are usually found), then
/// refines the best few with L-BFGS over the numeric coordinates and a sweep over each categorical one. Integer and
/// stepped coordinates are rounded before a point is scored, so the score is that of what would be tried.
/// </summary>
internal sealed class AcquisitionOptimizer
{
    private const int RefinedCandidates = 5;
    private const int RefinementIterations = 25;
    // A floor under the predicted variance, relative to the amplitude: at points already tried the latent variance can
    // round to zero, where log EI and its gradient would not be defined.
    private const double MinimumRelativeVariance = 1e-12;
    // Perturbation widths for the local candidates, in units of the cube: from fine polishing to a neighbourhood.
    private static readonly double[] LocalScales = [0.01, 0.05, 0.2];

    private readonly GaussianProcess model;
    private readonly CubeEncoding encoding;
    private readonly double incumbent;
    private readonly int dimensions;
    private readonly double[] meanGradient;
    private readonly double[] varianceGradient;

    /// <param name="incumbent">The value to improve on, on the model's scale (lower is better).</param>
    public AcquisitionOptimizer(GaussianProcess model, CubeEncoding encoding, double incumbent)
    {
        this.model = model;
        this.encoding = encoding;
        this.incumbent = incumbent;
        dimensions = encoding.Count;
        meanGradient = new double[dimensions];
        varianceGradient = new double[dimensions];
    }

    /// <summary>The best point found among <paramref name="candidates"/> candidates and their refinements.</summary>
    /// <param name="anchors">The best trials' points, best first, to search around.</param>
    public double[] Maximize(int candidates, SobolSequence sobol, Random random, IReadOnlyList<double[]> anchors)
    {
        var points = new double[candidates * dimensions];
        var scores = new double[candidates];
        var global = anchors.Count == 0 ? candidates : (candidates + 1) / 2;
        for (var c = 0; c < candidates; c++)
        {
            var point = points.AsSpan(c * dimensions, dimensions);
            if (c < global)
            {
                Uniform(point, sobol, c);
            }
            else
            {
                var local = c - global;
                Around(point, anchors[local % anchors.Count], LocalScales[local / anchors.Count % LocalScales.Length], random);
            }

            encoding.Snap(point);
            scores[c] = Score(point);
        }

        // The best few (ties to the earlier candidate), each refined; the best result wins, refined or not.
        var order = Enumerable.Range(0, candidates).OrderByDescending(c => scores[c]).ThenBy(c => c).Take(RefinedCandidates).ToArray();
        var best = points.AsSpan(order[0] * dimensions, dimensions).ToArray();
        var bestScore = scores[order[0]];
        foreach (var start in order)
        {
            var refined = Refine(points.AsSpan(start * dimensions, dimensions).ToArray());
            var score = Score(refined);
            if (score > bestScore)
            {
                (best, bestScore) = (refined, score);
            }
        }

        return best;
    }

    /// <summary>log EI at <paramref name="point"/> (taken as it is: already rounded where it should be).</summary>
    public double Score(ReadOnlySpan<double> point)
    {
        var (mean, variance) = model.Predict(point);
        return LogExpectedImprovement.Value(mean, StandardDeviation(variance), incumbent, out _, out _);
    }

    private double StandardDeviation(double variance) => Math.Sqrt(Math.Max(variance, MinimumRelativeVariance * model.Amplitude));

    private void Uniform(Span<double> point, SobolSequence sobol, int index)
    {
        for (var d = 0; d < dimensions; d++)
        {
            var u = sobol.Coordinate(index, d);
            point[d] = d < encoding.NumericCount ? u : Math.Min((int)(u * encoding.CategoryCount(d)), encoding.CategoryCount(d) - 1);
        }
    }

    private void Around(Span<double> point, double[] anchor, double scale, Random random)
    {
        for (var d = 0; d < encoding.NumericCount; d++)
        {
            // Reflect at the bounds rather than clamp, so the edges do not collect candidates.
            var value = anchor[d] + (scale * NormalDistribution.Draw(random));
            value = value < 0 ? -value : value > 1 ? 2 - value : value;
            point[d] = Math.Clamp(value, 0, 1);
        }

        for (var d = encoding.NumericCount; d < dimensions; d++)
        {
            // Mostly the anchor's category; sometimes (and always where the anchor had none) a random one.
            var categories = encoding.CategoryCount(d);
            point[d] = anchor[d] >= 0 && random.NextDouble() < 0.8 ? anchor[d] : random.Next(categories);
        }
    }

    /// <summary>L-BFGS on the numeric coordinates (categories held), rounding, then each category of each choice tried in turn.</summary>
    private double[] Refine(double[] point)
    {
        if (encoding.NumericCount > 0)
        {
            var lower = new double[dimensions];
            var upper = new double[dimensions];
            for (var d = 0; d < dimensions; d++)
            {
                (lower[d], upper[d]) = d < encoding.NumericCount ? (0.0, 1.0) : (point[d], point[d]);
            }

            BoundedLbfgs.Minimize(NegativeScore, point, lower, upper, RefinementIterations, 1e-9);
            encoding.Snap(point);
        }

        for (var d = encoding.NumericCount; d < dimensions; d++)
        {
            var bestCategory = point[d];
            var bestScore = Score(point);
            for (var category = 0; category < encoding.CategoryCount(d); category++)
            {
                point[d] = category;
                var score = Score(point);
                if (score > bestScore)
                {
                    (bestCategory, bestScore) = (category, score);
                }
            }

            point[d] = bestCategory;
        }

        return point;
    }

    private double NegativeScore(ReadOnlySpan<double> point, Span<double> gradient)
    {
        var (mean, variance) = model.Predict(point, meanGradient, varianceGradient);
        var floor = MinimumRelativeVariance * model.Amplitude;
        var sd = Math.Sqrt(Math.Max(variance, floor));
        var value = LogExpectedImprovement.Value(mean, sd, incumbent, out var byMean, out var bySd);
        // Where the variance sits on its floor it no longer moves with the point.
        var sdFactor = variance > floor ? bySd / (2 * sd) : 0;
        for (var d = 0; d < dimensions; d++)
        {
            gradient[d] = -((byMean * meanGradient[d]) + (sdFactor * varianceGradient[d]));
        }

        return -value;
    }
}
