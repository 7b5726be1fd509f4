namespace Experiments.Tracking.Outbox;

internal sealed record CreateRunRecord : OutboxRecord
{
    public required string RunName { get; init; }

    public required Dictionary<string, string> Tags { get; init; }

    public string? ParentRunKey { get; init; }

    /// <summary>When the run was queued: the run's start time in MLflow, however late it is delivered.</summary>
    public required long StartTimeMs { get; init; }
}
