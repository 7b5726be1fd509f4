namespace Experiments.Contracts.Trials;

/// <summary>
/// Population-based training: this trial continues from another trial's state (the donor's latest checkpoint:
/// its weights, with the optimisers started afresh for the new parameters; for a computed model, its epoch) instead
/// of its own, from attempt <see cref="SinceAttempt"/> on. Carried from the sweep's decision to the worker and
/// recorded as the run's lineage tags.
/// </summary>
/// <param name="DonorTrialId">The trial whose state is taken.</param>
/// <param name="DonorNumber">Its number in the sweep, for people.</param>
/// <param name="Epoch">The epoch at which the decision was made; the donor's checkpoint is at or after it.</param>
/// <param name="SinceAttempt">The first attempt that inherits: later attempts continue their own checkpoints from there on, never earlier ones.</param>
/// <param name="Reason">Why, and what changed (the scheduler's explanation).</param>
public sealed record TrialInheritance(string DonorTrialId, int DonorNumber, int Epoch, int SinceAttempt, string Reason);
