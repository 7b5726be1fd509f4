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
    /// Numeric kernels in order of their centres; runs of kernels with the same bandwidth σ whose centres span at most
    /// <see cref="MergeSpan"/> σ become one kernel: the run's summed weight, its weighted mean as centre, and
    /// sqrt(σ² + the centres' weighted variance) as bandwidth. Nothing merges in a sparse history, where the
    /// bandwidths are the gaps between neighbours and so all differ.
    /// </summary>
    /// <param name="sorted">Every kernel's index, the prior's included, in ascending order of centre.</param>
    public static (double[] Weights, double[] Mus, double[] Sigmas) MergeNear(double[] weights, double[] mus, double[] sigmas, int[] sorted)
    {
        var observed = weights.Length - 1;
        var order = Array.FindAll(sorted, index => index != observed);

        var mergedWeights = new List<double>(observed + 1);
        var mergedMus = new List<double>(observed + 1);
        var mergedSigmas = new List<double>(observed + 1);
        var start = 0;
        while (start < observed)
        {
            var first = order[start];
            var sigma = sigmas[first];
            var end = start + 1;
            while (end < observed && sigmas[order[end]] == sigma && mus[order[end]] - mus[first] <= MergeSpan * sigma)
            {
                end++;
            }

            if (end - start == 1)
            {
                mergedWeights.Add(weights[first]);
                mergedMus.Add(mus[first]);
                mergedSigmas.Add(sigma);
            }
            else
            {
                var (weight, mean, variance) = Moments(order.AsSpan(start, end - start), weights, mus);
                mergedWeights.Add(weight);
                mergedMus.Add(mean);
                mergedSigmas.Add(Math.Sqrt((sigma * sigma) + variance));
            }

            start = end;
        }

        mergedWeights.Add(weights[observed]);
        mergedMus.Add(mus[observed]);
        mergedSigmas.Add(sigmas[observed]);
        return ([.. mergedWeights], [.. mergedMus], [.. mergedSigmas]);
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

    private static (double Weight, double Mean, double Variance) Moments(ReadOnlySpan<int> members, double[] weights, double[] mus)
    {
        var weight = 0.0;
        var weightedSum = 0.0;
        foreach (var j in members)
        {
            weight += weights[j];
            weightedSum += weights[j] * mus[j];
        }

        var mean = weightedSum / weight;
        var spread = 0.0;
        foreach (var j in members)
        {
            var offset = mus[j] - mean;
            spread += weights[j] * offset * offset;
        }

        return (weight, mean, spread / weight);
    }
}
