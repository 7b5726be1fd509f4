using Experiments.Training;

namespace Experiments.Bench;

/// <summary>Takes every callback and does nothing: the trainer alone, without tracking.</summary>
internal sealed class NoOpObserver : ITrainingObserver
{
    public static NoOpObserver Instance { get; } = new();

    public ValueTask OnStepAsync(long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnEpochAsync(int epoch, long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnArtifactAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnArtifactDeletedAsync(string path, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnResumedAsync(string checkpoint, int epoch, long step, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnStageAsync(int stage, string name, int epoch, long step, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
