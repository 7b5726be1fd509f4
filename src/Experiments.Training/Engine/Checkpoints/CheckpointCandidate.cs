namespace Experiments.Training.Engine.Checkpoints;

/// <summary>
/// A checkpoint a trial may resume from, read only when it is tried (candidates are tried newest first).
/// <paramref name="Name"/> names it in messages and in the resumed run's tags, e.g. "run 3f2a…/checkpoints/epoch-0004.ckpt".
/// </summary>
public sealed record CheckpointCandidate(string Name, Func<CancellationToken, Task<byte[]?>> ReadAsync);
