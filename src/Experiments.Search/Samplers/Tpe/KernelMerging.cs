namespace Experiments.Search;

/// <summary>
/// Shrinks a one-dimensional Parzen estimator that is only evaluated (TPE's "rest"), so that scoring a candidate
/// costs about the same with 10,000 trials behind it as with 1,000. The last component, the prior, is kept as is.
/// </summary>
internal static class KernelMerging
{
    /// <summary>
    /// Neighbours closer than this fraction of their (equal) bandwidth merge. With the variance matched, what is left
    /// of the difference is the group's skew: at most (1/8)^3 / 6 of the kernel's third derivative, under 1 % of the
    /// density out to four bandwidths from the group.
    /// </summary>
    public const double MergeSpan = 1.0 / 8;

    /// <summary>
    /// Numeric kernels in ascending order of centre, the prior's at <paramref name="priorAt"/>: runs of kernels with the
    /// same bandwidth σ whose centres span at most <see cref="MergeSpan"/> σ become one kernel: the run's summed weight,
    /// its weighted mean as centre, and sqrt(σ² + the centres' weighted variance) as bandwidth. Nothing merges in a
    /// sparse history, where the bandwidths are the gaps between neighbours and so all differ. The prior comes last.
    /// </summary>
    public static (double[] Weights, double[] Centres, double[] Bandwidths) MergeNear(double[] weights, double[] centres, double[] bandwidths, int priorAt)
    {
        var count = weights.Length;
        var mergedWeights = new List<double>(Math.Min(count, 1024));
        var mergedCentres = new List<double>(Math.Min(count, 1024));
        var mergedBandwidths = new List<double>(Math.Min(count, 1024));
        var start = 0;
        while (start < count)
        {
            if (start == priorAt)
            {
                start++;
                continue;
            }

            var sigma = bandwidths[start];
            var end = start + 1;
            while (end < count && end != priorAt && bandwidths[end] == sigma && centres[end] - centres[start] <= MergeSpan * sigma)
            {
                end++;
            }

            if (end - start == 1)
            {
                mergedWeights.Add(weights[start]);
                mergedCentres.Add(centres[start]);
                mergedBandwidths.Add(sigma);
            }
            else
            {
                var (weight, mean, variance) = Moments(weights.AsSpan(start, end - start), centres.AsSpan(start, end - start));
                mergedWeights.Add(weight);
                mergedCentres.Add(mean);
                mergedBandwidths.Add(Math.Sqrt((sigma * sigma) + variance));
            }

            start = end;
        }

        mergedWeights.Add(weights[priorAt]);
        mergedCentres.Add(centres[priorAt]);
        mergedBandwidths.Add(bandwidths[priorAt]);
        return ([.. mergedWeights], [.. mergedCentres], [.. mergedBandwidths]);
    }

    /// <summary>Categorical kernels depend only on the category observed: one kernel per category, weights summed (exact).</summary>
    public static (double[] Weights, double[] Categories) MergeSameCategory(double[] weights, double[] categories)
    {
        var observed = weights.Length - 1;
        var totals = new SortedDictionary<double, double>();
        for (var j = 0; j < observed; j++)
        {
            totals[categories[j]] = totals.GetValueOrDefault(categories[j]) + weights[j];
        }

        var mergedWeights = totals.Values.Append(weights[observed]).ToArray();
        var mergedCategories = totals.Keys.Append(categories[observed]).ToArray();
        return (mergedWeights, mergedCategories);
    }

    private static (double Weight, double Mean, double Variance) Moments(ReadOnlySpan<double> weights, ReadOnlySpan<double> centres)
    {
        var weight = 0.0;
        var weightedSum = 0.0;
        for (var j = 0; j < weights.Length; j++)
        {
            weight += weights[j];
            weightedSum += weights[j] * centres[j];
        }

        var mean = weightedSum / weight;
        var spread = 0.0;
        for (var j = 0; j < weights.Length; j++)
        {
            var offset = centres[j] - mean;
            spread += weights[j] * offset * offset;
        }

        return (weight, mean, spread / weight);
    }
}
