using Experiments.Grains.Trials;

namespace Experiments.Grains.Sweeps;

/// <summary>
/// A sweep's state as shown to people: progress, trials, best so far. Built afresh for each call and never changed
/// after, so Orleans hands it over without a deep copy (at 100,000 trials a copy per poll is what would cost).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("experiments.sweep-snapshot")]
public sealed record SweepSnapshot
{
    [Id(0)] public required Guid SweepId { get; init; }

    [Id(1)] public required SweepStatus Status { get; init; }

    [Id(2)] public required SweepDefinition Definition { get; init; }

    [Id(3)] public required IReadOnlyList<TrialSummary> Trials { get; init; }

    [Id(4)] public string? BestTrialId { get; init; }

    /// <summary>Key of the sweep's MLflow parent run, in the experiment named after the spec.</summary>
    [Id(6)] public string? ParentRunKey { get; init; }

    [Id(7)] public string? Reason { get; init; }

    [Id(8)] public long Seed { get; init; }

    /// <summary>
    /// Set when the sweep stopped because grain state could not be saved: one sentence naming the file
    /// and the reason. The sweep is then INTERRUPTED (resumable); what is shown here may be newer than
    /// what the state files hold.
    /// </summary>
    [Id(9)] public string? StorageFailure { get; init; }

    /// <summary>
    /// Set while trials wait for a kind of worker no one has seen lately (the spec's <c>resources:</c>, or no worker at
    /// all): one sentence saying what is missing and what was seen.
    /// </summary>
    [Id(10)] public string? Waiting { get; init; }

    public bool IsFinished => Status is SweepStatus.Completed or SweepStatus.Failed or SweepStatus.Interrupted;

    public TrialSummary? BestTrial => Trials.FirstOrDefault(t => t.TrialId == BestTrialId);
}
