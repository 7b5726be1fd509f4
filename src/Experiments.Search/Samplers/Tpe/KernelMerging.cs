namespace Experiments.Search;

/// <summary>
/// How a one-dimensional Parzen estimator that is only evaluated (TPE's "rest") shrinks, so that scoring a candidate
/// costs about the same with 10,000 trials behind it as with 1,000: numeric kernels closer than <see cref="MergeSpan"/>
/// of their bandwidth merge as <see cref="LineKernels"/> builds them; categorical ones merge here. The prior stays.
/// </summary>
internal static class KernelMerging
{
    /// <summary>
    /// Neighbours closer than this fraction of their (equal) bandwidth merge. With the variance matched, what is left
    /// of the difference is the group's skew: at most (1/8)^3 / 6 of the kernel's third derivative, under 1 % of the
    /// density out to four bandwidths from the group.
    /// </summary>
    public const double MergeSpan = 1.0 / 8;

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
}
