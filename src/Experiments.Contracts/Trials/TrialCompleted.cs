namespace Experiments.Contracts.Trials;

/// <summary>An attempt trained every epoch; metrics are the last epoch's values.</summary>
public sealed record TrialCompleted(
    string TrialId,
    int Attempt,
    int Epochs,
    IReadOnlyDictionary<string, double> Metrics,
    double DurationSeconds)
{
    /// <summary>
    /// Epochs not reported in a <see cref="TrialProgressed"/> before, in order: usually the last one, which a worker
    /// sends with the completion rather than in a message of its own (one message and one state write less per trial).
    /// </summary>
    public IReadOnlyList<EpochReport> LastEpochs { get; init; } = [];
}
