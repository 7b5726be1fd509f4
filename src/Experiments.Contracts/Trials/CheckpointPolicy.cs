namespace Experiments.Contracts.Trials;

/// <summary>
/// How a trial checkpoints (the spec's <c>checkpoints:</c>): every <paramref name="Every"/> epochs and at the end
/// (0: never), keeping the last <paramref name="KeepLast"/> and the best epoch's. Carried unchanged from spec to worker.
/// </summary>
public sealed record CheckpointPolicy(int Every, int KeepLast)
{
    public static CheckpointPolicy Default { get; } = new(1, 2);
}
