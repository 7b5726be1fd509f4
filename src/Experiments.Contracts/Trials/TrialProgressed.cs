namespace Experiments.Contracts.Trials;

/// <summary>An attempt finished an epoch; metrics are the epoch's held-out values.</summary>
public sealed record TrialProgressed(
    string TrialId,
    int Attempt,
    int Epoch,
    long Step,
    IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The curriculum stage (0-based index into the trial's plan) that trained this epoch; null without a curriculum.</summary>
    public int? CurriculumStage { get; init; }

    /// <summary>That stage's name, e.g. "coarse".</summary>
    public string? CurriculumStageName { get; init; }
}
