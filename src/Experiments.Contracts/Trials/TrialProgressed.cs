namespace Experiments.Contracts.Trials;

/// <summary>
/// An attempt finished one or more epochs, in order: a worker sends each epoch as it ends, and the epochs that ended
/// while its previous report was still on its way together in the next one, so fast epochs cost one message per batch.
/// </summary>
public sealed record TrialProgressed(string TrialId, int Attempt, IReadOnlyList<EpochReport> Epochs);
