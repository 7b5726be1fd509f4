namespace Experiments.Contracts.Trials;

/// <summary>
/// A worker slot is still training this attempt: sent every few seconds while it trains, so the control plane can
/// tell a long epoch from a worker that went silent.
/// </summary>
public sealed record TrialHeartbeat(string TrialId, int Attempt, string WorkerHost, DateTimeOffset At);
