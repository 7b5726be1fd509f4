namespace Experiments.Tracking.Outbox;

/// <summary>
/// Everything a worker or the orchestrator sends to MLflow. Calls return as soon as the item is appended (fsynced) to
/// this process's local outbox; a background delivery sends items to MLflow in order, retrying through outages of
/// any length, so MLflow is never waited on. Invalid input (bad keys, values over MLflow's limits) throws at once;
/// a local disk that cannot take the item is logged and counted in <see cref="Status"/>, never thrown.
/// </summary>
public interface ITrackingOutbox
{
    /// <summary>Queues a new run (status RUNNING) and returns its reference, usable at once.</summary>
    /// <param name="parentRunKey">Key of the parent run in the same experiment (nested runs), or null.</param>
    ValueTask<RunReference> CreateRunAsync(
        string experimentName,
        string runName,
        IReadOnlyDictionary<string, string> tags,
        string? parentRunKey = null,
        CancellationToken cancellationToken = default);

    /// <summary>Queues metrics, params and tags of one run; delivered together where MLflow's batch limits allow.</summary>
    ValueTask LogBatchAsync(
        RunReference run,
        IReadOnlyList<Metric> metrics,
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default);

    /// <summary>Queues an artifact file (relative path, <c>/</c>-separated).</summary>
    ValueTask LogArtifactAsync(RunReference run, string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>Queues the deletion of an artifact file queued earlier (e.g. a checkpoint that is no longer kept); in order with the rest.</summary>
    ValueTask DeleteArtifactAsync(RunReference run, string artifactPath, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues a status change, typically the end of a run: delivered after everything queued before it, so a run is
    /// closed only once its data is in. With <paramref name="onlyIfOpen"/> the run is changed only if it exists and is
    /// still open (for runs another process owns); <paramref name="tags"/> are set first.
    /// </summary>
    ValueTask SetRunStatusAsync(
        RunReference run,
        RunStatus status,
        long? endTimeMs,
        IReadOnlyDictionary<string, string>? tags = null,
        bool onlyIfOpen = false,
        CancellationToken cancellationToken = default);

    /// <summary>
    /// The backend's id of a run queued here, once it is created (the key itself in the file store): for a program
    /// that logs to the run itself. Null when <paramref name="timeout"/> passes first (MLflow down or slow).
    /// </summary>
    Task<string?> WaitForRunIdAsync(RunReference run, TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>True once everything queued so far (by this process, or left on this disk by one before it) is delivered or set aside; false when <paramref name="timeout"/> passes first.</summary>
    Task<bool> WaitForDeliveryAsync(TimeSpan timeout, CancellationToken cancellationToken = default);

    /// <summary>What is pending, delivered, dropped and rejected, and why delivery fails if it does.</summary>
    TrackingOutboxStatus Status { get; }
}
