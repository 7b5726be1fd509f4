namespace Experiments.Contracts.Api;

/// <summary>One experiment (everything run under one spec name) and its latest sweep.</summary>
public sealed record ExperimentSummary(
    string Name,
    int SweepCount,
    Guid? LatestSweepId,
    string? LatestSweepStatus,
    DateTimeOffset? LatestSweepCreatedAt);
