using Experiments.Training;

namespace Experiments.Bench;

/// <summary>Keeps each epoch's metrics and the last content of each artifact: what the quality benchmarks report.</summary>
internal sealed class EpochMetricsObserver : ITrainingObserver
{
    private readonly List<IReadOnlyDictionary<string, double>> epochs = [];
    private readonly Dictionary<string, byte[]> lastArtifacts = new(StringComparer.Ordinal);

    public IReadOnlyList<double> Values(string metric) => epochs.Select(e => e[metric]).ToList();

    /// <summary>The content of the last artifact whose path starts with <paramref name="prefix"/> and ends with <paramref name="suffix"/>.</summary>
    public byte[]? LastArtifact(string prefix, string suffix) =>
        lastArtifacts.Where(a => a.Key.StartsWith(prefix, StringComparison.Ordinal) && a.Key.EndsWith(suffix, StringComparison.Ordinal))
            .OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Value).LastOrDefault();

    public ValueTask OnStepAsync(long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnEpochAsync(int epoch, long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        epochs.Add(new Dictionary<string, double>(metrics));
        return ValueTask.CompletedTask;
    }

    public ValueTask OnArtifactAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        if (!path.StartsWith("checkpoints/", StringComparison.Ordinal))
        {
            lastArtifacts[path] = content.ToArray();
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnArtifactDeletedAsync(string path, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnResumedAsync(string checkpoint, int epoch, long step, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnStageAsync(int stage, string name, int epoch, long step, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
