namespace Experiments.Grains.Trials;

[GenerateSerializer]
[Alias("experiments.trial-state")]
public sealed class TrialState
{
    [Id(0)] public TrialLaunch? Launch { get; set; }

    [Id(1)] public TrialStatus Status { get; set; }

    [Id(2)] public int Attempt { get; set; }

    [Id(3)] public List<EpochRecord> Epochs { get; set; } = [];

    /// <summary>MLflow run key per attempt, so a resumed trial can close stale runs.</summary>
    [Id(4)] public Dictionary<int, string> RunKeys { get; set; } = [];

    [Id(5)] public string? WorkerHost { get; set; }

    [Id(6)] public string? Error { get; set; }

    [Id(7)] public long Version { get; set; }

    [Id(8)] public Dictionary<string, double> FinalMetrics { get; set; } = [];

    [Id(9)] public DateTimeOffset? StartedAt { get; set; }

    [Id(10)] public DateTimeOffset? FinishedAt { get; set; }

    /// <summary>Attempts given up because their worker went silent.</summary>
    [Id(11)] public int LostAttempts { get; set; }

    /// <summary>When the current attempt was decided and dispatched.</summary>
    [Id(12)] public DateTimeOffset? AttemptDispatchedAt { get; set; }

    /// <summary>When a worker began the current attempt, by the worker's clock.</summary>
    [Id(13)] public DateTimeOffset? AttemptStartedAt { get; set; }

    /// <summary>
    /// The latest attempt whose StartTrial is known to have been published. Below <see cref="Attempt"/> in a new
    /// activation, the silo went down between saving the attempt and publishing it (or before recording that it did):
    /// the attempt is published again rather than left PENDING forever.
    /// </summary>
    [Id(14)] public int PublishedAttempt { get; set; }
}
