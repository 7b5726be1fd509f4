namespace Experiments.Training.Tests.Support;

/// <summary>Passes everything on and cancels the run at the first step after epoch <paramref name="stopAfterEpoch"/>'s checkpoint.</summary>
internal sealed class StoppingObserver(RecordingObserver inner, int stopAfterEpoch, CancellationTokenSource cancellation) : ITrainingObserver
{
    private bool checkpointWritten;

    public ValueTask OnStepAsync(long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        if (checkpointWritten)
        {
            cancellation.Cancel();
        }

        return inner.OnStepAsync(step, metrics, cancellationToken);
    }

    public ValueTask OnEpochAsync(int epoch, long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken) =>
        inner.OnEpochAsync(epoch, step, metrics, cancellationToken);

    public ValueTask OnArtifactAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        checkpointWritten |= path == $"checkpoints/epoch-{stopAfterEpoch:D4}.ckpt";
        return inner.OnArtifactAsync(path, content, cancellationToken);
    }

    public ValueTask OnArtifactDeletedAsync(string path, CancellationToken cancellationToken) => inner.OnArtifactDeletedAsync(path, cancellationToken);

    public ValueTask OnResumedAsync(string checkpoint, int epoch, long step, CancellationToken cancellationToken) =>
        inner.OnResumedAsync(checkpoint, epoch, step, cancellationToken);

    public ValueTask OnStageAsync(int stage, string name, int epoch, long step, CancellationToken cancellationToken) =>
        inner.OnStageAsync(stage, name, epoch, step, cancellationToken);
}
