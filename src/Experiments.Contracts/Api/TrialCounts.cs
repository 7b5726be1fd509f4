namespace Experiments.Contracts.Api;

/// <summary>How many of a sweep's trials are in each status.</summary>
public sealed record TrialCounts(int Total, int Pending, int Running, int Completed, int Failed, int Killed, int Pruned);
