namespace Experiments.Grains.Sweeps;

/// <summary>A sweep's trials by status, kept up to date as they change (never recounted).</summary>
[GenerateSerializer]
[Immutable]
[Alias("experiments.sweep-trial-counts")]
public sealed record SweepTrialCounts(
    [property: Id(0)] int Total,
    [property: Id(1)] int Pending,
    [property: Id(2)] int Running,
    [property: Id(3)] int Completed,
    [property: Id(4)] int Failed,
    [property: Id(5)] int Killed,
    [property: Id(6)] int Pruned);
