using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Metrics;

/// <summary>
/// The Inception Score (Salimans et al. 2016) of a classifier's predictions p(y|x) for a set of samples:
/// exp(mean over x of KL(p(y|x) || p(y))), p(y) the mean prediction over the split. It is 1 when every sample gets the
/// same prediction and reaches the number of classes when predictions are confident and the classes evenly used.
/// Salimans et al. score 50,000 samples in 10 splits of 5,000 and report the splits' mean and standard deviation;
/// small splits bias the score down (p(y) from few samples has lower entropy), so callers pick splits of 1,000 or more.
/// </summary>
internal static class InceptionScore
{
    /// <param name="probabilities">p(y|x) [N, classes], rows summing to 1 (one-hot rows allowed).</param>
    /// <param name="splits">Consecutive, equal splits (the last takes the remainder); 1 scores the whole set at once.</param>
    public static (double Mean, double StandardDeviation) Compute(Tensor probabilities, int splits = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(splits, 1);
        var count = probabilities.shape[0];
        ArgumentOutOfRangeException.ThrowIfLessThan(count, splits, nameof(probabilities));
        using var scope = torch.NewDisposeScope();
        var p = probabilities.to(ScalarType.Float64).cpu();
        var size = count / splits;
        var scores = new double[splits];
        for (var split = 0; split < splits; split++)
        {
            var part = p.narrow(0, split * size, split == splits - 1 ? count - (split * size) : size);
            var marginal = part.mean([0], keepdim: true);
            // KL per sample, with 0 log 0 = 0 so one-hot predictions are fine.
            var kl = (part.xlogy(part) - part.xlogy(marginal.expand_as(part))).sum(1);
            scores[split] = Math.Exp(kl.mean().item<double>());
        }

        var mean = scores.Average();
        var deviation = Math.Sqrt(scores.Sum(score => (score - mean) * (score - mean)) / splits);
        return (mean, deviation);
    }
}
