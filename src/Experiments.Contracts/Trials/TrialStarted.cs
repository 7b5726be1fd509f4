namespace Experiments.Contracts.Trials;

/// <summary>A worker slot began training an attempt and queued its MLflow run (<paramref name="RunKey"/>: see TrackingTarget).</summary>
public sealed record TrialStarted(string TrialId, int Attempt, string WorkerHost, string RunKey, DateTimeOffset StartedAt);
