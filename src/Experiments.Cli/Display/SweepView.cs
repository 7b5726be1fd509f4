using Experiments.Contracts.Models;

namespace Experiments.Cli.Display;

/// <summary>
/// A sweep as the live table, the progress lines and the leaderboard show it: built from the embedded silo's
/// snapshot (<see cref="SnapshotViews"/>) or from a cluster's REST API (<see cref="RemoteViews"/>), so
/// <c>experiments run</c> and <c>experiments status --watch</c> render the same way.
/// </summary>
public sealed record SweepView
{
    public required Guid SweepId { get; init; }

    /// <summary>The spec's name: the experiment.</summary>
    public required string Name { get; init; }

    /// <summary>RUNNING, COMPLETED, FAILED or INTERRUPTED.</summary>
    public required string Status { get; init; }

    /// <summary>Why it failed or was interrupted.</summary>
    public string? Reason { get; init; }

    /// <summary>Set while trials wait for a kind of worker the cluster has not seen lately (the spec's resources).</summary>
    public string? Waiting { get; init; }

    public required string ObjectiveMetric { get; init; }

    public required ObjectiveGoal Goal { get; init; }

    public required int MaxTrials { get; init; }

    /// <summary>Epochs each trial trains.</summary>
    public required int Epochs { get; init; }

    /// <summary>The leaderboard's parameter columns, in the spec's order.</summary>
    public required IReadOnlyList<string> ParameterNames { get; init; }

    /// <summary>Whether trials train through a curriculum, which adds the stage to progress.</summary>
    public bool HasCurriculum { get; init; }

    public required IReadOnlyList<TrialView> Trials { get; init; }

    public string? BestTrialId { get; init; }

    public TrialView? BestTrial => BestTrialId is null ? null : Trials.FirstOrDefault(t => t.TrialId == BestTrialId);

    public bool IsFinished => Status is StatusNames.Completed or StatusNames.Failed or StatusNames.Interrupted;
}
