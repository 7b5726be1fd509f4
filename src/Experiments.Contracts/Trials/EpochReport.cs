namespace Experiments.Contracts.Trials;

/// <summary>One epoch of an attempt as its worker reports it: the held-out metrics, the optimiser step reached, and the
/// curriculum stage that trained it.</summary>
public sealed record EpochReport(int Epoch, long Step, IReadOnlyDictionary<string, double> Metrics)
{
    /// <summary>The curriculum stage (0-based index into the trial's plan) that trained this epoch; null without a curriculum.</summary>
    public int? CurriculumStage { get; init; }

    /// <summary>That stage's name, e.g. "coarse".</summary>
    public string? CurriculumStageName { get; init; }
}
