using Experiments.Grains.Trials;

namespace Experiments.Grains.Sweeps;

/// <summary>
/// A sweep's state as shown to people: progress, trials (all of them, or a page: see
/// <see cref="ISweepGrain.GetOverviewAsync"/>), best so far. Built afresh for each call and never changed after, so
/// Orleans hands it over without a deep copy (at 100,000 trials a copy per poll is what would cost).
/// </summary>
[GenerateSerializer]
[Immutable]
[Alias("experiments.sweep-snapshot")]
public sealed record SweepSnapshot
{
    [Id(0)] public required Guid SweepId { get; init; }

    [Id(1)] public required SweepStatus Status { get; init; }

    [Id(2)] public required SweepDefinition Definition { get; init; }

    /// <summary>Trials by number from <see cref="TrialsOffset"/>: every trial, or the page asked for.</summary>
    [Id(3)] public required IReadOnlyList<TrialSummary> Trials { get; init; }

    /// <summary>The number of the first trial in <see cref="Trials"/>.</summary>
    [Id(11)] public int TrialsOffset { get; init; }

    /// <summary>Every trial of the sweep by status, whichever are in <see cref="Trials"/>.</summary>
    [Id(12)] public SweepTrialCounts Counts { get; init; } = new(0, 0, 0, 0, 0, 0, 0);

    [Id(13)] public TrialSummary? Best { get; init; }

    /// <summary>When the latest trial to finish finished.</summary>
    [Id(14)] public DateTimeOffset? LastFinishedAt { get; init; }

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

    public TrialSummary? BestTrial => Best;
}
