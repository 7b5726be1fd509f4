namespace Experiments.Search;

/// <summary>
/// What a scheduler knows of one trial: the objective it reported after each epoch so far (epoch 1 first) and
/// where it stands. Rebuilt from the trial grains' reports, so a restarted sweep decides the same way.
/// </summary>
public sealed record TrialCurve(int Number, IReadOnlyList<double> Values, TrialOutcome Outcome)
{
    /// <summary>The parameters the trial trains with now (PBT copies and perturbs a better trial's).</summary>
    public IReadOnlyDictionary<string, Contracts.Parameters.ParameterValue> Parameters { get; init; } = new Dictionary<string, Contracts.Parameters.ParameterValue>();

    /// <summary>The epoch at which PBT last made the trial continue from another's state; null if never.</summary>
    public int? InheritedAt { get; init; }

    /// <summary>The value reported after <paramref name="epoch"/> (1-based), or null when the trial has not reached it.</summary>
    public double? At(int epoch) => epoch >= 1 && epoch <= Values.Count ? Values[epoch - 1] : null;
}
