namespace Experiments.Contracts.Api;

/// <summary>One experiment with every sweep run under it, oldest first.</summary>
public sealed record ExperimentDetail(string Name, IReadOnlyList<SweepSummary> Sweeps);
