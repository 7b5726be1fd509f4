using Experiments.Contracts.Parameters;

namespace Experiments.Contracts.Trials;

/// <summary>
/// Command to a worker slot: train one attempt of one trial. Delivery is at least once; a worker
/// that sees the same (TrialId, Attempt) twice must not train it twice concurrently.
/// </summary>
public sealed record StartTrial
{
    public required Guid SweepId { get; init; }

    public required string TrialId { get; init; }

    public required int Attempt { get; init; }

    public required int TrialNumber { get; init; }

    public required string Model { get; init; }

    /// <summary>A built-in data set name (e.g. mnist) or an absolute path to a folder of IDX files.</summary>
    public required string Dataset { get; init; }

    public required IReadOnlyDictionary<string, ParameterValue> Parameters { get; init; }

    public required int Epochs { get; init; }

    public required long Seed { get; init; }

    public required string ObjectiveMetric { get; init; }

    public required TrackingTarget Tracking { get; init; }

    public CheckpointPolicy Checkpoints { get; init; } = CheckpointPolicy.Default;

    /// <summary>The curriculum stages to train through; null trains without a curriculum.</summary>
    public CurriculumPlan? Curriculum { get; init; }

    /// <summary>The user's program to run (<c>model: command</c>); null for the other models.</summary>
    public Programs.TrialProgram? Program { get; init; }

    /// <summary>Population-based training: the trial continues from another trial's state; null: from its own.</summary>
    public TrialInheritance? Inherit { get; init; }

    /// <summary>The kind of worker slot the trial needs; it is sent to that kind's queue (<see cref="StartTrialQueues"/>).</summary>
    public ResourceRequirement Resources { get; init; }

    /// <summary>When the trial grain decided and dispatched this attempt: where the dispatch latency starts.</summary>
    public DateTimeOffset? DispatchedAt { get; init; }
}
