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

    [Id(5)] public List<TrialSummary> Trials { get; set; } = [];

    [Id(6)] public string? Reason { get; set; }

    [Id(7)] public DateTimeOffset? CreatedAt { get; set; }

    [Id(8)] public DateTimeOffset? FinishedAt { get; set; }
}
