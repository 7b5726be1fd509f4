namespace Experiments.Search;

/// <summary>
/// How much each of <c>count</c> trials counts in a Parzen estimator, by its rank in trial order (Optuna's default
/// weights): the newest 25 fully, older ones on a line from 1 / count for the oldest up to 1.
/// </summary>
internal readonly struct TrialWeights
{
    private const int FullWeightTrials = 25;

    private readonly int ramped;
    private readonly double oldest;
    private readonly double step;

    public TrialWeights(int count)
    {
        ramped = count - FullWeightTrials;
        oldest = 1.0 / count;
        step = ramped > 1 ? (1 - oldest) / (ramped - 1) : 0;
    }

    public double At(int rank) => rank >= ramped ? 1.0 : oldest + (step * rank);

    /// <summary>Every weight, oldest first.</summary>
    public static double[] All(int count)
    {
        var weights = new TrialWeights(count);
        var all = new double[count];
        for (var rank = 0; rank < count; rank++)
        {
            all[rank] = weights.At(rank);
        }

        return all;
    }
}
