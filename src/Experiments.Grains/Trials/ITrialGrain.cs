using Experiments.Contracts.Trials;

namespace Experiments.Grains.Trials;

/// <summary>
/// One trial of a sweep: owns its attempts, dispatches them to workers and records what they report.
/// Every report names its attempt; reports for an older attempt or a finished trial are ignored,
/// which makes at-least-once delivery safe.
/// </summary>
[Alias("experiments.trial")]
public interface ITrialGrain : IGrainWithStringKey
{
    /// <summary>
    /// Saves the launch and dispatches the first attempt (nothing when already started); returns the trial's summary,
    /// which the sweep takes (a new attempt is not also sent to the sweep as an update: it is the one that asked).
    /// </summary>
    [Alias("start")]
    Task<TrialSummary> StartAsync(TrialLaunch launch);

    /// <summary>
    /// Dispatches a new attempt of an unfinished trial (after a restart or an interruption). Returns the
    /// trial's new summary, because the sweep calling this cannot receive the trial's one-way update
    /// until the call that caused it has finished.
    /// </summary>
    [Alias("retry")]
    Task<TrialSummary> RetryAsync(string reason);

    /// <summary>Stops the trial (KILLED) if it is still active; returns its new summary, as for RetryAsync.</summary>
    [Alias("kill")]
    Task<TrialSummary> KillAsync(string reason);

    /// <summary>
    /// Stops the trial because the sweep's scheduler judged it worse than its peers: PRUNED (not failed), the worker
    /// told to stop, the MLflow run tagged <c>pruned</c> (the worker closes it KILLED). No-op once it has finished.
    /// </summary>
    [Alias("prune")]
    Task<TrialSummary> PruneAsync(string reason);

    [Alias("summary")]
    /// <summary>
    /// Population-based training: the current attempt stops (its run tagged with the reason) and a new one continues
    /// from the donor's latest state with <paramref name="parameters"/>. Ignored unless the trial is running.
    /// </summary>
    [Alias("exploit")]
    Task<TrialSummary> ExploitAsync(Contracts.Trials.TrialInheritance inheritance, IReadOnlyDictionary<string, Contracts.Parameters.ParameterValue> parameters);

    Task<TrialSummary> GetSummaryAsync();

    [Alias("history")]
    Task<IReadOnlyList<EpochRecord>> GetHistoryAsync();

    /// <summary>
    /// Checks that the current attempt is alive: a RUNNING attempt silent for longer than <paramref name="silence"/> is
    /// lost and runs again as a new attempt when <paramref name="mayRetry"/>, else the trial FAILS. A trial whose grain
    /// lost its state answers with <see cref="TrialSummary.Number"/> -1, so the sweep can launch it again.
    /// </summary>
    [Alias("check-liveness")]
    Task<TrialSummary> CheckLivenessAsync(TimeSpan silence, bool mayRetry);

    [Alias("on-heartbeat")]
    Task OnHeartbeatAsync(int attempt, string workerHost);

    [Alias("on-started")]
    /// <param name="startedAt">When the worker began the attempt, by its clock (dispatch latency); now when not given.</param>
    Task OnStartedAsync(int attempt, string workerHost, string runId, DateTimeOffset? startedAt = null);

    /// <summary>
    /// Epochs of an attempt, in order, as a worker reported them in one message: each one's held-out metrics and the
    /// curriculum stage that trained it. Saved once for all of them.
    /// </summary>
    [Alias("on-epochs")]
    Task OnEpochsAsync(int attempt, IReadOnlyList<EpochReport> epochs);

    /// <summary>The attempt trained every epoch; <paramref name="lastEpochs"/> are those it had not reported yet (recorded as <see cref="OnEpochsAsync"/> does, in the same save).</summary>
    [Alias("on-completed")]
    Task OnCompletedAsync(int attempt, Dictionary<string, double> metrics, IReadOnlyList<EpochReport>? lastEpochs = null);

    [Alias("on-failed")]
    Task OnFailedAsync(int attempt, string reason, bool killed);
}
