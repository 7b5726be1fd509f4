using System.Collections.Concurrent;
using Experiments.Training;

namespace Experiments.Training.Tests.Support;

/// <summary>Keeps everything a training run reports, and optionally reacts to steps (e.g. to cancel).</summary>
internal sealed class RecordingObserver(Action<long>? onStep = null) : ITrainingObserver
{
    public ConcurrentQueue<(long Step, IReadOnlyDictionary<string, double> Metrics)> Steps { get; } = new();

    public ConcurrentQueue<(int Epoch, long Step, IReadOnlyDictionary<string, double> Metrics)> Epochs { get; } = new();

    public ConcurrentDictionary<string, byte[]> Artifacts { get; } = new(StringComparer.Ordinal);

    /// <summary>Every checkpoint written, also those deleted later, in order.</summary>
    public ConcurrentQueue<(string Path, byte[] Content)> Checkpoints { get; } = new();

    public ConcurrentQueue<string> Deleted { get; } = new();

    public (string Checkpoint, int Epoch, long Step)? ResumedFrom { get; private set; }

    /// <summary>Every curriculum stage entered, in order.</summary>
    public ConcurrentQueue<(int Stage, string Name, int Epoch, long Step)> Stages { get; } = new();

    public ValueTask OnStepAsync(long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        Steps.Enqueue((step, new Dictionary<string, double>(metrics)));
        onStep?.Invoke(step);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnEpochAsync(int epoch, long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        Epochs.Enqueue((epoch, step, new Dictionary<string, double>(metrics)));
        return ValueTask.CompletedTask;
    }

    public ValueTask OnArtifactAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        Artifacts[path] = content.ToArray();
        if (path.StartsWith("checkpoints/", StringComparison.Ordinal))
        {
            Checkpoints.Enqueue((path, content.ToArray()));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnArtifactDeletedAsync(string path, CancellationToken cancellationToken)
    {
        Artifacts.TryRemove(path, out _);
        Deleted.Enqueue(path);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnResumedAsync(string checkpoint, int epoch, long step, CancellationToken cancellationToken)
    {
        ResumedFrom = (checkpoint, epoch, step);
        return ValueTask.CompletedTask;
    }

    public ValueTask OnStageAsync(int stage, string name, int epoch, long step, CancellationToken cancellationToken)
    {
        Stages.Enqueue((stage, name, epoch, step));
        return ValueTask.CompletedTask;
    }
}
