using Experiments.Contracts.Parameters;

namespace Experiments.Grains.Trials;

/// <summary>
/// What a sweep needs to know about one of its trials. <see cref="Version"/> grows with every change,
/// so a sweep can ignore an update that arrives after a newer one.
/// </summary>
[GenerateSerializer]
[Alias("experiments.trial-summary")]
public sealed record TrialSummary
{
    [Id(0)] public required string TrialId { get; init; }

    [Id(1)] public required int Number { get; init; }

    [Id(2)] public required IReadOnlyDictionary<string, ParameterValue> Parameters { get; init; }

    [Id(3)] public required TrialStatus Status { get; init; }

    [Id(4)] public int Attempt { get; init; }

    [Id(5)] public int Epoch { get; init; }

    [Id(6)] public double? Objective { get; init; }

    [Id(7)] public IReadOnlyDictionary<string, double> Metrics { get; init; } = new Dictionary<string, double>();

    /// <summary>Key of the current attempt's MLflow run (its run id in the file store).</summary>
    [Id(8)] public string? RunKey { get; init; }

    [Id(9)] public string? WorkerHost { get; init; }

    [Id(10)] public string? Error { get; init; }

    [Id(11)] public long Version { get; init; }

    [Id(12)] public DateTimeOffset? StartedAt { get; init; }

    [Id(13)] public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Attempts given up because their worker went silent; each counts against the sweep's failure budget.</summary>
    [Id(14)] public int LostAttempts { get; init; }

    /// <summary>The curriculum stage of the current attempt's latest reported epoch (index in the plan); null before one or without a curriculum.</summary>
    [Id(15)] public int? Stage { get; init; }

    /// <summary>That stage's name.</summary>
    [Id(16)] public string? StageName { get; init; }

    /// <summary>The objective after each epoch so far (epoch 1 first; the latest report of each epoch): what schedulers judge.</summary>
    [Id(17)] public IReadOnlyList<double> Curve { get; init; } = [];

    /// <summary>The epoch at which PBT last made the trial continue from another trial's state; null if never.</summary>
    [Id(18)] public int? InheritedAt { get; init; }

    /// <summary>When the current attempt was decided and dispatched (its dispatch latency ends at <see cref="AttemptStartedAt"/>).</summary>
    [Id(19)] public DateTimeOffset? DispatchedAt { get; init; }

    /// <summary>When a worker began the current attempt, by the worker's clock.</summary>
    [Id(20)] public DateTimeOffset? AttemptStartedAt { get; init; }

    public bool IsActive => Status is TrialStatus.Pending or TrialStatus.Running;
}
