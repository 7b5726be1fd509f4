using Experiments.Grains.Trials;

namespace Experiments.Grains.Sweeps;

[GenerateSerializer]
[Alias("experiments.sweep-state")]
public sealed class SweepState
{
    [Id(0)] public SweepDefinition? Definition { get; set; }

    [Id(1)] public SweepStatus Status { get; set; }

    [Id(2)] public long Seed { get; set; }

    [Id(3)] public string? ExperimentId { get; set; }

    [Id(4)] public string? ParentRunId { get; set; }

    [Id(5)] public List<TrialSummary> Trials { get; set; } = [];

    [Id(6)] public string? Reason { get; set; }

    [Id(7)] public DateTimeOffset? CreatedAt { get; set; }

    [Id(8)] public DateTimeOffset? FinishedAt { get; set; }
}
