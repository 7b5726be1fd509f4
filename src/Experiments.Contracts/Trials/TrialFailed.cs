namespace Experiments.Contracts.Trials;

/// <summary>
/// An attempt stopped with an error. <see cref="Killed"/> is true when it was cancelled (shutdown or a
/// CancelTrial) rather than broken, so the control plane does not count it against max_failed.
/// </summary>
public sealed record TrialFailed(string TrialId, int Attempt, string Reason, bool Killed);
