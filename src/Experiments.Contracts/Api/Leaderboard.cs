namespace Experiments.Contracts.Api;

/// <summary>
/// A sweep's best trials: completed ones by the objective (best first, by the goal), then pruned ones the same way,
/// at most <c>top</c> in all.
/// </summary>
public sealed record Leaderboard(
    Guid SweepId,
    string Experiment,
    string Status,
    string ObjectiveMetric,
    string Goal,
    IReadOnlyList<LeaderboardEntry> Entries);
