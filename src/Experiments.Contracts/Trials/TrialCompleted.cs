namespace Experiments.Contracts.Trials;

/// <summary>An attempt trained every epoch; metrics are the last epoch's values.</summary>
public sealed record TrialCompleted(
    string TrialId,
    int Attempt,
    int Epochs,
    IReadOnlyDictionary<string, double> Metrics,
    double DurationSeconds);
