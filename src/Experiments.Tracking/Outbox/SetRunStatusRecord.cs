namespace Experiments.Tracking.Outbox;

internal sealed record SetRunStatusRecord : OutboxRecord
{
    public required RunStatus Status { get; init; }

    /// <summary>The end time for a terminal status; null keeps what the run has.</summary>
    public long? EndTimeMs { get; init; }

    /// <summary>
    /// Change only a run that is still open (RUNNING or SCHEDULED), and do nothing when it does not exist: for runs
    /// owned by another process (a worker), whose own close may already have happened or may still come.
    /// </summary>
    public bool OnlyIfOpen { get; init; }

    /// <summary>Tags set just before the status changes (e.g. the reason a run was closed for its owner).</summary>
    public Dictionary<string, string> Tags { get; init; } = [];
}
