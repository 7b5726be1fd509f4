namespace Experiments.Training;

/// <summary>What a finished training run achieved: the last epoch's metrics and how long it took.</summary>
public sealed record TrainingResult(
    int EpochsCompleted,
    long Steps,
    IReadOnlyDictionary<string, double> FinalMetrics,
    TimeSpan Duration);
