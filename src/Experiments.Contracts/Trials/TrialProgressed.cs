namespace Experiments.Contracts.Trials;

/// <summary>An attempt finished an epoch; metrics are the epoch's held-out values.</summary>
public sealed record TrialProgressed(
    string TrialId,
    int Attempt,
    int Epoch,
    long Step,
    IReadOnlyDictionary<string, double> Metrics);
