using Microsoft.Extensions.Logging;

namespace Experiments.Tracking;

/// <summary>
/// Tracking for training code, where a tracking outage must never fail a trial. Wraps an
/// <see cref="IExperimentTracker"/>: every method catches failures, logs one warning per failure and increments
/// <see cref="FailureCount"/>, and reports failure through its result (null or false) instead of throwing.
/// The only exception that escapes is <see cref="OperationCanceledException"/> when the caller's token was cancelled.
/// </summary>
public sealed class BestEffortTracker
{
    private readonly IExperimentTracker inner;
    private readonly ILogger<BestEffortTracker> logger;
    private int failureCount;

    public BestEffortTracker(IExperimentTracker inner, ILogger<BestEffortTracker> logger)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentNullException.ThrowIfNull(logger);
        this.inner = inner;
        this.logger = logger;
    }

    /// <summary>Number of failed calls so far on this instance.</summary>
    public int FailureCount => Volatile.Read(ref failureCount);

    /// <summary>The experiment id, or null when it could not be fetched or created.</summary>
    public Task<string?> TryGetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default) =>
        TryAsync<string?>(nameof(IExperimentTracker.GetOrCreateExperimentAsync), async () => await inner.GetOrCreateExperimentAsync(name, cancellationToken).ConfigureAwait(false), null, cancellationToken);

    /// <summary>The new run id, or null when the run could not be created.</summary>
    public Task<string?> TryCreateRunAsync(
        string experimentId,
        string runName,
        IReadOnlyDictionary<string, string> tags,
        string? parentRunId = null,
        CancellationToken cancellationToken = default) =>
        TryAsync<string?>(
            nameof(IExperimentTracker.CreateRunAsync),
            async () => await inner.CreateRunAsync(experimentId, runName, tags, parentRunId, cancellationToken: cancellationToken).ConfigureAwait(false),
            null,
            cancellationToken);

    /// <summary>True when the whole batch was logged.</summary>
    public Task<bool> TryLogBatchAsync(
        string runId,
        IReadOnlyList<Metric> metrics,
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default) =>
        TryAsync(nameof(IExperimentTracker.LogBatchAsync), () => inner.LogBatchAsync(runId, metrics, parameters, tags, cancellationToken), cancellationToken);

    public Task<bool> TrySetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default) =>
        TryAsync(nameof(IExperimentTracker.SetTagAsync), () => inner.SetTagAsync(runId, key, value, cancellationToken), cancellationToken);

    public Task<bool> TryUpdateRunStatusAsync(string runId, RunStatus status, long? endTimeMs = null, CancellationToken cancellationToken = default) =>
        TryAsync(nameof(IExperimentTracker.UpdateRunStatusAsync), () => inner.UpdateRunStatusAsync(runId, status, endTimeMs, cancellationToken), cancellationToken);

    public Task<bool> TryLogArtifactAsync(string runId, string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) =>
        TryAsync(nameof(IExperimentTracker.LogArtifactAsync), () => inner.LogArtifactAsync(runId, artifactPath, content, cancellationToken), cancellationToken);

    /// <summary>The run, or null when it does not exist or could not be read.</summary>
    public Task<TrackedRun?> TryGetRunAsync(string runId, CancellationToken cancellationToken = default) =>
        TryAsync(nameof(IExperimentTracker.GetRunAsync), () => inner.GetRunAsync(runId, cancellationToken), null, cancellationToken);

    /// <summary>The metric history, or null when it could not be read.</summary>
    public Task<IReadOnlyList<Metric>?> TryGetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default) =>
        TryAsync<IReadOnlyList<Metric>?>(
            nameof(IExperimentTracker.GetMetricHistoryAsync),
            async () => await inner.GetMetricHistoryAsync(runId, key, cancellationToken).ConfigureAwait(false),
            null,
            cancellationToken);

    private async Task<bool> TryAsync(string operation, Func<Task> call, CancellationToken cancellationToken) =>
        await TryAsync(operation, async () => { await call().ConfigureAwait(false); return true; }, false, cancellationToken).ConfigureAwait(false);

    private async Task<T> TryAsync<T>(string operation, Func<Task<T>> call, T fallback, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception exception)
        {
            var failures = Interlocked.Increment(ref failureCount);

            // Exception messages never carry credentials: they are only ever sent as an Authorization header.
            logger.LogWarning(
                exception,
                "Experiment tracking {Operation} failed ({FailureCount} failures so far); training continues without it",
                operation,
                failures);
            return fallback;
        }
    }
}
