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
    /// The trials not in a page yet (numbers <see cref="PagedCount"/> and up): the active ones and those finished
    /// since the last full page. Before pages existed this held every trial, which is still read correctly.
    /// </summary>
    [Id(5)] public List<TrialSummary> Trials { get; set; } = [];

    [Id(6)] public string? Reason { get; set; }

    [Id(7)] public DateTimeOffset? CreatedAt { get; set; }

    [Id(8)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Trials 0 to PagedCount - 1 are stored in pages (<see cref="SweepPage"/>), <see cref="SweepGrain.PageSize"/> each.</summary>
    [Id(9)] public int PagedCount { get; set; }
}
