namespace Experiments.Training.Metrics;

/// <summary>
/// Area under the ROC curve of a score that should be higher for positives: the probability that a random positive
/// scores above a random negative, ties counting half. Computed as the Mann-Whitney U statistic from mid-ranks, so it
/// is exact and takes one sort.
/// </summary>
internal static class Auroc
{
    /// <summary>AUROC with <paramref name="positives"/> as the class the score should rank higher; 0.5 is chance.</summary>
    public static double Compute(IReadOnlyList<double> positives, IReadOnlyList<double> negatives)
    {
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(negatives);
        if (positives.Count == 0 || negatives.Count == 0)
        {
            throw new ArgumentException("AUROC needs at least one positive and one negative score.");
        }

        if (positives.Concat(negatives).Any(double.IsNaN))
        {
            throw new ArgumentException("AUROC cannot rank NaN scores.");
        }

        var scored = positives.Select(score => (Score: score, Positive: true))
            .Concat(negatives.Select(score => (Score: score, Positive: false)))
            .OrderBy(entry => entry.Score)
            .ToArray();

        // Sum of the positives' ranks (1-based), each run of equal scores sharing its mean rank.
        double positiveRankSum = 0;
        for (var start = 0; start < scored.Length;)
        {
            var end = start;
            while (end + 1 < scored.Length && scored[end + 1].Score == scored[start].Score)
            {
                end++;
            }

            var meanRank = ((start + end) / 2.0) + 1;
            for (var index = start; index <= end; index++)
            {
                if (scored[index].Positive)
                {
                    positiveRankSum += meanRank;
                }
            }

            start = end + 1;
        }

        double positiveCount = positives.Count;
        var u = positiveRankSum - (positiveCount * (positiveCount + 1) / 2);
        return u / (positiveCount * negatives.Count);
    }
}
