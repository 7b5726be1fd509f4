namespace Experiments.Tracking;

/// <summary>
/// MLflow-compatible experiment tracking. Implementations: <see cref="MlflowFileStore"/> (local <c>mlruns</c>
/// folder) and <see cref="MlflowRestClient"/> (MLflow tracking server, REST API 2.0).
/// </summary>
public interface IExperimentTracker
{
    /// <summary>Returns the id of the active experiment with this name, creating it when it does not exist.</summary>
    Task<string> GetOrCreateExperimentAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>
    /// Creates a run in state <see cref="RunStatus.Running"/>. Always adds the tag <c>mlflow.runName</c>;
    /// when <paramref name="parentRunId"/> is set, also adds <c>mlflow.parentRunId</c> (nested runs in the MLflow UI).
    /// </summary>
    /// <param name="runKey">
    /// Optional: 32 lowercase hex characters chosen by the caller, stored as the tag <c>experiments.run_key</c>, so a
    /// creation that is repeated (its answer lost to a crash or an outage) can find the run it made with
    /// <see cref="FindRunByKeyAsync"/>. The file store uses the key as the run id and returns the existing run when
    /// one with this key exists already.
    /// </param>
    /// <param name="startTimeMs">When the run started (e.g. when it was queued, however late it is created); default now.</param>
    Task<string> CreateRunAsync(
        string experimentId,
        string runName,
        IReadOnlyDictionary<string, string> tags,
        string? parentRunId = null,
        string? runKey = null,
        long? startTimeMs = null,
        CancellationToken cancellationToken = default);

    /// <summary>The id of the run of <paramref name="experimentId"/> created with <paramref name="runKey"/>, or null when there is none.</summary>
    Task<string?> FindRunByKeyAsync(string experimentId, string runKey, CancellationToken cancellationToken = default);

    /// <summary>
    /// The runs of <paramref name="experimentId"/> whose tag <paramref name="tagKey"/> is <paramref name="tagValue"/> (both limited to
    /// letters, digits and <c>_.:/-</c>), newest start first; e.g. every attempt of one trial.
    /// </summary>
    Task<IReadOnlyList<TrackedRun>> FindRunsByTagAsync(string experimentId, string tagKey, string tagValue, CancellationToken cancellationToken = default);

    /// <summary>Logs metrics, params and tags of one run. Params are immutable: a different value for a logged key fails.</summary>
    Task LogBatchAsync(
        string runId,
        IReadOnlyList<Metric> metrics,
        IReadOnlyDictionary<string, string>? parameters = null,
        IReadOnlyDictionary<string, string>? tags = null,
        CancellationToken cancellationToken = default);

    Task SetTagAsync(string runId, string key, string value, CancellationToken cancellationToken = default);

    /// <summary>Sets the run status; <paramref name="endTimeMs"/> defaults to now for terminal states.</summary>
    Task UpdateRunStatusAsync(string runId, RunStatus status, long? endTimeMs = null, CancellationToken cancellationToken = default);

    /// <summary>Stores <paramref name="content"/> as the artifact at the relative <paramref name="artifactPath"/> (may contain <c>/</c>).</summary>
    Task LogArtifactAsync(string runId, string artifactPath, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    /// <summary>The entries directly under <paramref name="folder"/> of the run's artifacts (null: the root); empty when there is no such folder.</summary>
    Task<IReadOnlyList<ArtifactFile>> ListArtifactsAsync(string runId, string? folder = null, CancellationToken cancellationToken = default);

    /// <summary>The bytes of the artifact at <paramref name="artifactPath"/>, or null when the run has no such file.</summary>
    Task<byte[]?> DownloadArtifactAsync(string runId, string artifactPath, CancellationToken cancellationToken = default);

    /// <summary>Deletes the artifact file at <paramref name="artifactPath"/>; deleting one that is not there succeeds.</summary>
    Task DeleteArtifactAsync(string runId, string artifactPath, CancellationToken cancellationToken = default);

    /// <summary>Returns the run, or null when it does not exist.</summary>
    Task<TrackedRun?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>Returns every logged point of one metric, in logging order; empty when none.</summary>
    Task<IReadOnlyList<Metric>> GetMetricHistoryAsync(string runId, string key, CancellationToken cancellationToken = default);
}
