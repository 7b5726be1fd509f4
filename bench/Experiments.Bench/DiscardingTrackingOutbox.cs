using Experiments.Tracking;
using Experiments.Tracking.Outbox;

namespace Experiments.Bench;

/// <summary>
/// Tracking off, for sweep-scale: takes every MLflow write and drops it, handing out run references at once. 100,000
/// trials in MLflow's file store would be millions of files and would measure the disk, not the orchestration. It
/// counts what it was given, so the benchmark can show that the grains and the worker wrote here and nowhere else.
/// </summary>
internal sealed class DiscardingTrackingOutbox : ITrackingOutbox
{
    private long runsCreated;
    private long batches;
    private long artifacts;
    private long statusChanges;

    public long RunsCreated => Interlocked.Read(ref runsCreated);

    /// <summary>Every call taken: runs, batches, artifacts (and their deletions) and status changes.</summary>
    public long Items => RunsCreated + Interlocked.Read(ref batches) + Interlocked.Read(ref artifacts) + Interlocked.Read(ref statusChanges);

    public TrackingOutboxStatus Status => new(0, 0, 0, 0, 0, "(none: tracking off)", "(none: tracking off)", null);

    public ValueTask<RunReference> CreateRunAsync(
        string experimentName,
        string runName,
        IReadOnlyDictionary<string, string> tags,
        string? parentRunKey = null,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref runsCreated);
        return ValueTask.FromResult(new RunReference(experimentName, Guid.NewGuid().ToString("N")));
    }

    public ValueTask LogBatchAsync(
        RunReference run,
        IReadOnlyList<Metric> metrics,
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref batches);
        return ValueTask.CompletedTask;
    }

    public ValueTask LogArtifactAsync(RunReference run, string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref artifacts);
        return ValueTask.CompletedTask;
    }

    public ValueTask DeleteArtifactAsync(RunReference run, string artifactPath, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref artifacts);
        return ValueTask.CompletedTask;
    }

    public ValueTask SetRunStatusAsync(
        RunReference run,
        RunStatus status,
        long? endTimeMs,
        IReadOnlyDictionary<string, string>? tags = null,
        bool onlyIfOpen = false,
        CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref statusChanges);
        return ValueTask.CompletedTask;
    }

    // No backend creates runs here: a program that waits for its MLflow run id starts without one, as when MLflow is down.
    public Task<string?> WaitForRunIdAsync(RunReference run, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        Task.FromResult<string?>(null);

    public Task<bool> WaitForDeliveryAsync(TimeSpan timeout, CancellationToken cancellationToken = default) => Task.FromResult(true);
}
