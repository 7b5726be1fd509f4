namespace Experiments.Contracts.Trials;

/// <summary>Command broadcast to every worker: stop training this attempt if you hold it.</summary>
public sealed record CancelTrial(string TrialId, int Attempt, string Reason);
