namespace Experiments.Contracts.Trials;

/// <summary>A worker slot began training an attempt and opened its MLflow run.</summary>
public sealed record TrialStarted(string TrialId, int Attempt, string WorkerHost, string RunId, DateTimeOffset StartedAt);
