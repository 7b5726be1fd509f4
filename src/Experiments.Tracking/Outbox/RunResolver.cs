using System.Collections.Concurrent;

namespace Experiments.Tracking.Outbox;

/// <summary>
/// Turns queued names and keys into the backend's ids: experiments by name (created when missing), runs by the
/// <c>experiments.run_key</c> they were created with, so any process can find a run another process queued.
/// </summary>
internal sealed class RunResolver(IExperimentTracker backend, TimeProvider clock, TimeSpan unknownRunTimeout)
{
    private readonly ConcurrentDictionary<string, string> experimentIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, string> runIds = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> firstMissed = new(StringComparer.Ordinal);

    public async Task<string> ExperimentIdAsync(string name, CancellationToken cancellationToken)
    {
        if (experimentIds.TryGetValue(name, out var id))
        {
            return id;
        }

        id = await backend.GetOrCreateExperimentAsync(name, cancellationToken).ConfigureAwait(false);
        experimentIds[name] = id;
        return id;
    }

    /// <summary>The run's id, or null when it does not exist (yet).</summary>
    public async Task<string?> TryFindRunAsync(RunReference run, CancellationToken cancellationToken)
    {
        if (runIds.TryGetValue(run.Key, out var id))
        {
            return id;
        }

        var experimentId = await ExperimentIdAsync(run.ExperimentName, cancellationToken).ConfigureAwait(false);
        id = await backend.FindRunByKeyAsync(experimentId, run.Key, cancellationToken).ConfigureAwait(false);
        if (id is not null)
        {
            Remember(run.Key, id);
        }

        return id;
    }

    /// <summary>
    /// The run's id. A run that does not exist yet may still be on its way from another process's outbox: that is
    /// retried (<see cref="RunNotFoundYetException"/>) until <c>UnknownRunTimeout</c> has passed, then given up.
    /// </summary>
    public async Task<string> RequireRunAsync(RunReference run, CancellationToken cancellationToken) =>
        await TryFindRunAsync(run, cancellationToken).ConfigureAwait(false)
            ?? throw new RunNotFoundYetException(run, HasWaitedLongEnough(run.Key));

    /// <summary>True once a missing run has been looked for over longer than the timeout.</summary>
    public bool HasWaitedLongEnough(string runKey)
    {
        var first = firstMissed.GetOrAdd(runKey, _ => clock.GetUtcNow());
        return clock.GetUtcNow() - first >= unknownRunTimeout;
    }

    public void Remember(string runKey, string runId)
    {
        runIds[runKey] = runId;
        firstMissed.TryRemove(runKey, out _);
    }

    /// <summary>The backend's id of a run this process has delivered or found, if any.</summary>
    public string? Known(string runKey) => runIds.GetValueOrDefault(runKey);
}
