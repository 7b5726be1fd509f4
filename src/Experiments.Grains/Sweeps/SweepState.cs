using Experiments.Grains.Trials;

namespace Experiments.Grains.Sweeps;

[GenerateSerializer]
[Alias("experiments.sweep-state")]
public sealed class SweepState
{
    [Id(0)] public SweepDefinition? Definition { get; set; }

    [Id(1)] public SweepStatus Status { get; set; }

    [Id(2)] public long Seed { get; set; }

    /// <summary>Key of the sweep's MLflow parent run (its run id in the file store); the experiment is the spec's name.</summary>
    [Id(4)] public string? ParentRunKey { get; set; }

    /// <summary>
    /// The trials not in a page yet (numbers <see cref="PagedCount"/> and up) that may still change: PENDING, RUNNING
    /// and KILLED. Those finished for good since the last full page are read back from their own grains (which saved
    /// them before telling the sweep), so a save writes the active trials, not up to a page of finished ones. States
    /// written before held every unpaged trial (and, before pages, every trial); both are still read correctly.
    /// </summary>
    [Id(5)] public List<TrialSummary> Trials { get; set; } = [];

    [Id(6)] public string? Reason { get; set; }

    [Id(7)] public DateTimeOffset? CreatedAt { get; set; }

    [Id(8)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Trials 0 to PagedCount - 1 are stored in pages (<see cref="SweepPage"/>), <see cref="SweepGrain.PageSize"/> each.</summary>
    [Id(9)] public int PagedCount { get; set; }

    /// <summary>How many trials the sweep has created (numbers 0 to CreatedCount - 1); 0 in states written before it was kept.</summary>
    [Id(10)] public int CreatedCount { get; set; }
}
