using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;

namespace Experiments.Grains.Trials;

/// <summary>Everything a trial needs to dispatch its attempts; fixed when the sweep creates it.</summary>
[GenerateSerializer]
[Alias("experiments.trial-launch")]
public sealed record TrialLaunch
{
    [Id(0)] public required Guid SweepId { get; init; }

    [Id(1)] public required int Number { get; init; }

    [Id(2)] public required IReadOnlyDictionary<string, ParameterValue> Parameters { get; init; }

    [Id(3)] public required string Model { get; init; }

    [Id(4)] public required string Dataset { get; init; }

    [Id(5)] public required int Epochs { get; init; }

    [Id(6)] public required long Seed { get; init; }

    [Id(7)] public required string ObjectiveMetric { get; init; }

    [Id(8)] public required ObjectiveGoal Goal { get; init; }

    /// <summary>The MLflow experiment, by name (the spec's).</summary>
    [Id(9)] public required string ExperimentName { get; init; }

    /// <summary>Key of the sweep's parent run (see <c>RunReference</c>).</summary>
    [Id(10)] public required string ParentRunKey { get; init; }

    [Id(11)] public CheckpointPolicy Checkpoints { get; init; } = CheckpointPolicy.Default;

    [Id(12)] public CurriculumPlan? Curriculum { get; init; }

    [Id(13)] public Contracts.Programs.TrialProgram? Program { get; init; }

    /// <summary>Set when PBT made the trial continue from another trial's state (with <see cref="Parameters"/> changed).</summary>
    [Id(14)] public TrialInheritance? Inherit { get; init; }

    /// <summary>The kind of worker slot the trial needs: it is sent to that kind's queue only.</summary>
    [Id(15)] public ResourceRequirement Resources { get; init; }
}
