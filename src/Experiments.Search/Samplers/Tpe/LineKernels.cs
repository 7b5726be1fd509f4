namespace Experiments.Search;

/// <summary>
/// The kernels of a univariate Parzen estimator on a numeric dimension, built from their centres in ascending order
/// in one pass (the prior's among them): each kernel's bandwidth is the distance to its farther neighbour (the range's
/// ends count as neighbours), except that the outermost kernels take the distance to their inner neighbour, clipped to
/// [range / min(100, n + 1), range]; the prior's is the range. With <c>merge</c>, runs of kernels with the same
/// bandwidth σ whose centres span at most <see cref="KernelMerging.MergeSpan"/> σ become one kernel (see
/// <see cref="KernelMerging"/>), and the prior comes last; without, the kernels keep the order they came in.
/// </summary>
internal sealed class LineKernels
{
    private readonly NumericDimension dimension;
    private readonly double range;
    private readonly double minimum;
    private readonly bool merge;
    private readonly List<double> weights;
    private readonly List<double> centres;
    private readonly List<double> bandwidths;
    private (double Weight, double Centre, double Bandwidth)? prior;

    // The last two kernels added: the older one's bandwidth is known once the next one arrives.
    private int added;
    private double olderCentre;
    private (double Weight, double Centre, bool IsPrior) waiting;

    // The run being merged: its first centre, bandwidth and sums of weight, w·d and w·d² with d = centre - first.
    private int runLength;
    private double runStart;
    private double runBandwidth;
    private double runWeight;
    private double runFirstMoment;
    private double runSecondMoment;

    /// <param name="count">How many kernels will be added, the prior's included (the lower clip depends on it).</param>
    public LineKernels(NumericDimension dimension, int count, bool merge)
    {
        this.dimension = dimension;
        this.merge = merge;
        range = dimension.High - dimension.Low;
        minimum = range / Math.Min(100.0, 1.0 + count);
        var capacity = merge ? Math.Min(count, 1024) : count;
        weights = new List<double>(capacity);
        centres = new List<double>(capacity);
        bandwidths = new List<double>(capacity);
    }

    /// <summary>The prior's centre: the middle of the range.</summary>
    public double PriorCentre => 0.5 * (dimension.Low + dimension.High);

    /// <summary>Adds the next kernel; centres must not decrease.</summary>
    public void Add(double centre, double weight) => Push(centre, weight, isPrior: false);

    /// <summary>Adds the prior kernel at its place in the order (once).</summary>
    public void AddPrior(double weight) => Push(PriorCentre, weight, isPrior: true);

    /// <summary>Weights (normalised to sum 1), centres and bandwidths; merged, the prior is last.</summary>
    public (double[] Weights, double[] Centres, double[] Bandwidths) Finish()
    {
        if (added > 0)
        {
            // The last kernel: the distance to its inner neighbour, or for a lone kernel to the farther end.
            var bandwidth = added >= 2 ? waiting.Centre - olderCentre : Math.Max(waiting.Centre - dimension.Low, dimension.High - waiting.Centre);
            Emit(waiting, bandwidth);
        }

        FlushRun();
        if (merge && prior is { } kernel)
        {
            weights.Add(kernel.Weight);
            centres.Add(kernel.Centre);
            bandwidths.Add(kernel.Bandwidth);
        }

        var total = 0.0;
        foreach (var weight in weights)
        {
            total += weight;
        }

        var normalised = new double[weights.Count];
        for (var j = 0; j < normalised.Length; j++)
        {
            normalised[j] = weights[j] / total;
        }

        return (normalised, [.. centres], [.. bandwidths]);
    }

    private void Push(double centre, double weight, bool isPrior)
    {
        if (added >= 1)
        {
            // The waiting kernel's neighbours are now both known; the first one takes its inner neighbour's distance.
            var bandwidth = added == 1 ? centre - waiting.Centre : Math.Max(waiting.Centre - olderCentre, centre - waiting.Centre);
            Emit(waiting, bandwidth);
            olderCentre = waiting.Centre;
        }

        waiting = (weight, centre, isPrior);
        added++;
    }

    private void Emit((double Weight, double Centre, bool IsPrior) kernel, double bandwidth)
    {
        if (kernel.IsPrior)
        {
            prior = (kernel.Weight, kernel.Centre, range);
            if (!merge)
            {
                Append(kernel.Weight, kernel.Centre, range);
            }

            return;
        }

        bandwidth = Math.Clamp(bandwidth, minimum, range);
        if (!merge)
        {
            Append(kernel.Weight, kernel.Centre, bandwidth);
            return;
        }

        if (runLength > 0 && bandwidth == runBandwidth && kernel.Centre - runStart <= KernelMerging.MergeSpan * bandwidth)
        {
            var offset = kernel.Centre - runStart;
            runWeight += kernel.Weight;
            runFirstMoment += kernel.Weight * offset;
            runSecondMoment += kernel.Weight * offset * offset;
            runLength++;
            return;
        }

        FlushRun();
        (runLength, runStart, runBandwidth, runWeight, runFirstMoment, runSecondMoment) = (1, kernel.Centre, bandwidth, kernel.Weight, 0, 0);
    }

    /// <summary>The run as one kernel: its weight, its mean, and its bandwidth widened by the centres' spread.</summary>
    private void FlushRun()
    {
        if (runLength == 0)
        {
            return;
        }

        var meanOffset = runFirstMoment / runWeight;
        var variance = Math.Max(0, (runSecondMoment / runWeight) - (meanOffset * meanOffset));
        Append(runWeight, runStart + meanOffset, runLength == 1 ? runBandwidth : Math.Sqrt((runBandwidth * runBandwidth) + variance));
        runLength = 0;
    }

    private void Append(double weight, double centre, double bandwidth)
    {
        weights.Add(weight);
        centres.Add(centre);
        bandwidths.Add(bandwidth);
    }
}
