using Experiments.Training.Metrics;

namespace Experiments.Training.Tests;

/// <summary>The AUROC (Mann-Whitney U, ties half) against answers worked out by hand and a brute-force pair count.</summary>
public sealed class AurocTests
{
    [Fact]
    public void Perfect_separation_is_one_and_reversed_is_zero()
    {
        Assert.Equal(1.0, Auroc.Compute([3, 4, 5], [0, 1, 2]));
        Assert.Equal(0.0, Auroc.Compute([0, 1, 2], [3, 4, 5]));
    }

    [Fact]
    public void Scores_that_cannot_tell_the_classes_apart_are_one_half()
    {
        Assert.Equal(0.5, Auroc.Compute([1, 1, 1], [1, 1]));
        Assert.Equal(0.5, Auroc.Compute([1, 4], [2, 3]));
    }

    [Fact]
    public void Known_answers_with_and_without_ties()
    {
        // The classic four-example case (scikit-learn's roc_auc_score docs): 3 of the 4 pairs ranked right.
        Assert.Equal(0.75, Auroc.Compute([0.35, 0.8], [0.1, 0.4]));

        // 0.8 beats all three negatives; 0.4 beats 0.1, loses to 0.5 and ties 0.4 (a half): 4.5 of 6 pairs.
        Assert.Equal(0.75, Auroc.Compute([0.8, 0.4], [0.5, 0.1, 0.4]));
    }

    [Fact]
    public void It_equals_the_share_of_pairs_ranked_right_on_random_scores_with_ties()
    {
        var random = new Random(5);
        var positives = Enumerable.Range(0, 57).Select(_ => (double)random.Next(20)).ToArray();
        var negatives = Enumerable.Range(0, 83).Select(_ => (double)random.Next(15)).ToArray();

        var pairs = positives.SelectMany(p => negatives.Select(n => p > n ? 1.0 : p == n ? 0.5 : 0.0)).Sum();

        Assert.Equal(pairs / (positives.Length * negatives.Length), Auroc.Compute(positives, negatives), 12);
    }

    [Fact]
    public void It_needs_both_classes_and_no_nan()
    {
        Assert.Throws<ArgumentException>(() => Auroc.Compute([], [1.0]));
        Assert.Throws<ArgumentException>(() => Auroc.Compute([1.0], []));
        Assert.Throws<ArgumentException>(() => Auroc.Compute([double.NaN], [1.0]));
    }
}
