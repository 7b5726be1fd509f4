using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;
using TrackingTarget = Experiments.Contracts.Trials.TrackingTarget;
using Experiments.Grains.Messaging;
using Experiments.Grains.Storage;
using Experiments.Grains.Sweeps;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;
using Microsoft.Extensions.Logging;

namespace Experiments.Grains.Trials;

public sealed class TrialGrain(
    [PersistentState("trial", GrainStorageNames.Experiments)] IPersistentState<TrialState> state,
    ITrialDispatcher dispatcher,
    ITrackingOutbox tracking,
    TimeProvider clock,
    ILogger<TrialGrain> logger) : Grain, ITrialGrain
{
    /// <summary>When the current attempt last showed life (a report or a heartbeat). Memory only: a new activation starts the clock afresh.</summary>
    private DateTimeOffset lastSignal = clock.GetUtcNow();

    /// <summary>How long a published attempt may wait for its worker's start before the grain records that it was sent.</summary>
    private static readonly TimeSpan PublishRecordDelay = TimeSpan.FromSeconds(2);

    /// <summary>Set when this activation published the current attempt and no save has recorded it yet.</summary>
    private bool publishUnsaved;

    private IGrainTimer? publishRecordTimer;

    private TrialState State => state.State;

    public async Task<TrialSummary> StartAsync(TrialLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (State.Launch is not null)
        {
            return Summary(); // Idempotent: the sweep may repeat a start after its own restart.
        }

        State.Launch = launch;
        await DispatchNewAttemptAsync();
        return Summary();
    }

    public async Task<TrialSummary> RetryAsync(string reason)
    {
        if (State.Launch is null || State.Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Pruned)
        {
            return Summary();
        }

        logger.LogInformation("Trial {TrialId} attempt {Attempt} is re-run: {Reason}", this.GetPrimaryKeyString(), State.Attempt + 1, reason);
        await CloseStaleRunAsync(RunStatus.Killed);
        await DispatchNewAttemptAsync();
        return Summary();
    }

    public async Task<TrialSummary> KillAsync(string reason)
    {
        if (State.Launch is null || State.Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Killed or TrialStatus.Pruned)
        {
            return Summary();
        }

        State.Status = TrialStatus.Killed;
        State.Error = reason;
        State.FinishedAt = clock.GetUtcNow();
        try
        {
            await SaveAndNotifyAsync();
        }
        catch (GrainStateStorageException exception)
        {
            // The sweep is stopping because state cannot be saved: the worker must still stop. The trial
            // stays KILLED in memory (it takes no more reports); its file keeps the last saved state,
            // which the next run re-runs as a new attempt.
            logger.LogInformation("Trial {TrialId} is KILLED but its state was not saved: {Reason}", this.GetPrimaryKeyString(), exception.Message);
        }

        await dispatcher.CancelAsync(new CancelTrial(this.GetPrimaryKeyString(), State.Attempt, reason));
        // The worker marks its own run KILLED; this covers a worker that is already gone.
        await CloseStaleRunAsync(RunStatus.Killed);
        return Summary();
    }

    public async Task<TrialSummary> PruneAsync(string reason)
    {
        if (State.Launch is null || State.Status is not (TrialStatus.Pending or TrialStatus.Running))
        {
            return Summary();
        }

        State.Status = TrialStatus.Pruned;
        State.Error = reason;
        State.FinishedAt = clock.GetUtcNow();
        await SaveAndNotifyAsync();
        await dispatcher.CancelAsync(new CancelTrial(this.GetPrimaryKeyString(), State.Attempt, reason));
        // The worker closes its run KILLED when it stops; the tags say why, on a run open or closed.
        await TagRunAsync(State.Attempt, new Dictionary<string, string> { ["pruned"] = "true", ["experiments.pruned_reason"] = reason }, "pruned");

        await CloseStaleRunAsync(RunStatus.Killed);
        return Summary();
    }

    /// <summary>Tag on the run of an attempt that PBT replaced: why, and what the trial continues from.</summary>
    public const string ReplacedTag = "experiments.pbt_replaced";

    public async Task<TrialSummary> ExploitAsync(TrialInheritance inheritance, IReadOnlyDictionary<string, ParameterValue> parameters)
    {
        ArgumentNullException.ThrowIfNull(inheritance);
        ArgumentNullException.ThrowIfNull(parameters);
        if (State.Launch is null || State.Status is not (TrialStatus.Pending or TrialStatus.Running))
        {
            return Summary();
        }

        var replaced = State.Attempt;
        State.Launch = State.Launch with { Parameters = parameters, Inherit = inheritance with { SinceAttempt = replaced + 1 } };
        await DispatchNewAttemptAsync();
        await dispatcher.CancelAsync(new CancelTrial(this.GetPrimaryKeyString(), replaced, inheritance.Reason));
        // The worker closes the replaced attempt's run KILLED when it stops; the tag says why.
        await TagRunAsync(replaced, new Dictionary<string, string> { [ReplacedTag] = inheritance.Reason }, "replaced");
        return Summary();
    }

    /// <summary>Queues tags for an attempt's run, if it has one; MLflow's trouble is logged, never thrown at the sweep.</summary>
    private async Task TagRunAsync(int attempt, Dictionary<string, string> tags, string what)
    {
        if (!State.RunKeys.TryGetValue(attempt, out var runKey))
        {
            return;
        }

        try
        {
            await tracking.LogBatchAsync(new RunReference(State.Launch!.ExperimentName, runKey), [], tags: tags);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("MLflow run {RunKey} of trial {TrialId} cannot be tagged as {What}: {Reason}", runKey, this.GetPrimaryKeyString(), what, exception.Message);
        }
    }

    public Task<TrialSummary> GetSummaryAsync() => Task.FromResult(Summary());

    public async Task<TrialSummary> CheckLivenessAsync(TimeSpan silence, bool mayRetry)
    {
        if (State.Launch is not null && State.Status == TrialStatus.Pending && State.PublishedAttempt < State.Attempt)
        {
            // Saved as dispatched, never known to be sent: a silo went down between the two, or the broker refused it.
            // Sent again; should the first copy exist after all, a second start of one attempt counts as a redelivery.
            logger.LogWarning("Trial {TrialId} attempt {Attempt} was saved as dispatched but not known to be sent; sending it again", this.GetPrimaryKeyString(), State.Attempt);
            await PublishCurrentAttemptAsync();
            return Summary();
        }

        if (State.Launch is null || State.Status != TrialStatus.Running || clock.GetUtcNow() - lastSignal < silence)
        {
            return Summary();
        }

        var lostAttempt = State.Attempt;
        var reason = $"worker {State.WorkerHost ?? "?"} went silent: no report or heartbeat for {silence.TotalSeconds:F0} s";
        logger.LogWarning("Trial {TrialId} attempt {Attempt}: {Reason}; {Action}", this.GetPrimaryKeyString(), lostAttempt, reason, mayRetry ? "running it again as a new attempt" : "the sweep's failure budget is spent, so it fails");
        State.LostAttempts++;
        if (State.RunKeys.TryGetValue(lostAttempt, out var runKey))
        {
            await CloseRunIfOpenAsync(runKey, RunStatus.Failed, new Dictionary<string, string> { ["experiments.error"] = reason });
        }

        // If the worker is alive after all (a partition), it stops training the attempt given up on.
        await dispatcher.CancelAsync(new CancelTrial(this.GetPrimaryKeyString(), lostAttempt, reason));
        if (mayRetry)
        {
            await DispatchNewAttemptAsync();
        }
        else
        {
            State.Status = TrialStatus.Failed;
            State.Error = reason;
            State.FinishedAt = clock.GetUtcNow();
            await SaveAndNotifyAsync();
        }

        return Summary();
    }

    public Task OnHeartbeatAsync(int attempt, string workerHost)
    {
        if (IsCurrent(attempt))
        {
            lastSignal = clock.GetUtcNow();
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EpochRecord>> GetHistoryAsync() => Task.FromResult<IReadOnlyList<EpochRecord>>(State.Epochs.ToList());

    public async Task OnStartedAsync(int attempt, string workerHost, string runKey, DateTimeOffset? startedAt = null)
    {
        if (IsLateReportOfFinishedAttempt(attempt))
        {
            // Reports of one attempt may arrive out of order (silos consume them concurrently): its end came first.
            if (State.RunKeys.TryAdd(attempt, runKey))
            {
                State.WorkerHost ??= workerHost;
                State.StartedAt ??= startedAt ?? clock.GetUtcNow();
                State.AttemptStartedAt = startedAt ?? clock.GetUtcNow();
                await RecordReportAsync();
            }

            return;
        }

        if (!IsCurrent(attempt))
        {
            return;
        }

        if (State.RunKeys.TryGetValue(attempt, out var previousRunKey) && previousRunKey != runKey)
        {
            // The broker redelivered this attempt to another worker (the first one died while holding
            // it): training starts again from scratch, so the dead worker's epochs and run are stale.
            State.Epochs.RemoveAll(e => e.Attempt == attempt);
            await CloseOrphanedRunAsync(previousRunKey, $"worker {State.WorkerHost ?? "?"} was lost; the attempt was redelivered to {workerHost}");
        }

        State.Status = TrialStatus.Running;
        State.WorkerHost = workerHost;
        State.RunKeys[attempt] = runKey;
        State.StartedAt ??= clock.GetUtcNow();
        State.AttemptStartedAt = startedAt ?? clock.GetUtcNow();
        await RecordReportAsync();
    }

    public async Task OnEpochsAsync(int attempt, IReadOnlyList<EpochReport> epochs)
    {
        ArgumentNullException.ThrowIfNull(epochs);
        var late = IsLateReportOfFinishedAttempt(attempt);
        if (!late && !IsCurrent(attempt))
        {
            return;
        }

        if (!AddEpochs(attempt, epochs))
        {
            return;
        }

        // A late epoch of an attempt its worker already reported finished was trained before the end: it counts.
        State.Status = late ? State.Status : TrialStatus.Running;
        await RecordReportAsync();
    }

    /// <summary>Records the epochs of an attempt not recorded yet; false when there were none.</summary>
    private bool AddEpochs(int attempt, IReadOnlyList<EpochReport> epochs)
    {
        var known = State.Epochs.Where(e => e.Attempt == attempt).Select(e => e.Epoch).ToHashSet();
        var added = false;
        foreach (var epoch in epochs)
        {
            // A redelivered report repeats epochs already recorded: the first report of an epoch stands.
            if (known.Add(epoch.Epoch))
            {
                State.Epochs.Add(new EpochRecord(attempt, epoch.Epoch, epoch.Step, epoch.Metrics, epoch.CurriculumStage, epoch.CurriculumStageName));
                added = true;
            }
        }

        return added;
    }

    public async Task OnCompletedAsync(int attempt, Dictionary<string, double> metrics, IReadOnlyList<EpochReport>? lastEpochs = null)
    {
        if (!IsCurrent(attempt))
        {
            return;
        }

        AddEpochs(attempt, lastEpochs ?? []);
        State.Status = TrialStatus.Completed;
        State.FinalMetrics = metrics;
        State.FinishedAt = clock.GetUtcNow();
        await RecordReportAsync();
    }

    public async Task OnFailedAsync(int attempt, string reason, bool killed)
    {
        if (!IsCurrent(attempt))
        {
            return;
        }

        State.Status = killed ? TrialStatus.Killed : TrialStatus.Failed;
        State.Error = reason;
        State.FinishedAt = clock.GetUtcNow();
        await RecordReportAsync();
    }

    /// <summary>
    /// A report of the current attempt after its worker said it COMPLETED or FAILED (the worker sent it earlier; it was
    /// delivered later). Not after PRUNED or KILLED: those were decided here, and what the worker did after is void.
    /// </summary>
    private bool IsLateReportOfFinishedAttempt(int attempt) =>
        State.Launch is not null && attempt == State.Attempt && State.Status is TrialStatus.Completed or TrialStatus.Failed;

    private bool IsCurrent(int attempt) =>
        State.Launch is not null && attempt == State.Attempt && State.Status is TrialStatus.Pending or TrialStatus.Running;

    private async Task DispatchNewAttemptAsync()
    {
        lastSignal = clock.GetUtcNow();
        State.Attempt++;
        State.Status = TrialStatus.Pending;
        State.Error = null;
        State.FinishedAt = null;
        State.WorkerHost = null;
        State.AttemptDispatchedAt = lastSignal;
        State.AttemptStartedAt = null;
        try
        {
            // Every caller is the sweep, which takes the summary the call returns: no update is sent to it as well.
            await SaveAsync();
        }
        catch (GrainStateStorageException)
        {
            // Nothing is dispatched that the file does not know of; the caller (the sweep) stops.
            await ReloadAsync();
            throw;
        }

        await PublishCurrentAttemptAsync();
    }

    /// <summary>
    /// Publishes the current attempt's StartTrial. That it was sent is saved by the next save (the worker's start,
    /// usually within milliseconds) or, for an attempt that waits in the queue, by a timer: a later activation must not
    /// send it again.
    /// </summary>
    private async Task PublishCurrentAttemptAsync()
    {
        var launch = State.Launch!;
        await dispatcher.DispatchAsync(new StartTrial
        {
            SweepId = launch.SweepId,
            TrialId = this.GetPrimaryKeyString(),
            Attempt = State.Attempt,
            TrialNumber = launch.Number,
            Model = launch.Model,
            Dataset = launch.Dataset,
            Parameters = launch.Parameters,
            Epochs = launch.Epochs,
            Seed = launch.Seed,
            ObjectiveMetric = launch.ObjectiveMetric,
            Tracking = new TrackingTarget(launch.ExperimentName, launch.ParentRunKey),
            Checkpoints = launch.Checkpoints,
            Curriculum = launch.Curriculum,
            Program = launch.Program,
            Inherit = launch.Inherit,
            Resources = launch.Resources,
            DispatchedAt = State.AttemptDispatchedAt,
        });
        State.PublishedAttempt = State.Attempt;
        publishUnsaved = true;
        publishRecordTimer?.Dispose();
        publishRecordTimer = this.RegisterGrainTimer(RecordPublishedAsync, new GrainTimerCreationOptions(PublishRecordDelay, Timeout.InfiniteTimeSpan));
    }

    private async Task RecordPublishedAsync(CancellationToken cancellationToken)
    {
        if (!publishUnsaved)
        {
            return;
        }

        try
        {
            await state.WriteStateAsync();
            publishUnsaved = false;
        }
        catch (GrainStateStorageException exception)
        {
            // The worker's start saves it too; at worst a later activation sends the attempt once more.
            logger.LogInformation("Trial {TrialId}: that attempt {Attempt} was sent could not be saved: {Reason}", this.GetPrimaryKeyString(), State.Attempt, exception.Message);
        }
    }

    /// <summary>Closes the current attempt's run if a worker that is gone left it open (decided on delivery, never waited on here).</summary>
    private Task CloseStaleRunAsync(RunStatus status) =>
        State.RunKeys.TryGetValue(State.Attempt, out var runKey)
            ? CloseRunIfOpenAsync(runKey, status, null)
            : Task.CompletedTask;

    private Task CloseOrphanedRunAsync(string runKey, string reason)
    {
        logger.LogWarning("Trial {TrialId}: {Reason}", this.GetPrimaryKeyString(), reason);
        return CloseRunIfOpenAsync(runKey, RunStatus.Failed, new Dictionary<string, string> { ["experiments.error"] = reason });
    }

    private async Task CloseRunIfOpenAsync(string runKey, RunStatus status, IReadOnlyDictionary<string, string>? tags)
    {
        try
        {
            var run = new RunReference(State.Launch!.ExperimentName, runKey);
            await tracking.SetRunStatusAsync(run, status, clock.GetUtcNow().ToUnixTimeMilliseconds(), tags, onlyIfOpen: true);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("MLflow run {RunKey} of trial {TrialId} cannot be closed: {Reason}", runKey, this.GetPrimaryKeyString(), exception.Message);
        }
    }

    private async Task SaveAsync()
    {
        State.Version++;
        await state.WriteStateAsync();
        publishUnsaved = false;
    }

    private async Task SaveAndNotifyAsync()
    {
        await SaveAsync();
        await Sweep().OnTrialUpdatedAsync(Summary());
    }

    /// <summary>
    /// Saves what a worker reported. When the state cannot be saved (after the storage's retries), the
    /// report is dropped rather than failed back to the bus (a redelivery could not be saved either),
    /// memory goes back to the last saved state so it never runs ahead of the file, and the sweep is
    /// told so it stops; the next run re-runs this trial as a new attempt.
    /// </summary>
    private async Task RecordReportAsync()
    {
        lastSignal = clock.GetUtcNow();
        try
        {
            await SaveAndNotifyAsync();
        }
        catch (GrainStateStorageException exception)
        {
            var sweep = Sweep();
            await ReloadAsync();
            await sweep.OnTrialStorageFailedAsync(this.GetPrimaryKeyString(), exception.Message);
        }
    }

    /// <summary>Goes back to the state in the file; if even that cannot be read, drops this activation instead.</summary>
    private async Task ReloadAsync()
    {
        try
        {
            await state.ReadStateAsync();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogInformation("Trial {TrialId} could not reload its state: {Reason}", this.GetPrimaryKeyString(), exception.Message);
            DeactivateOnIdle();
        }
    }

    private ISweepGrain Sweep() => GrainFactory.GetGrain<ISweepGrain>(State.Launch!.SweepId);

    private TrialSummary Summary()
    {
        var launch = State.Launch;
        var metrics = State.Status == TrialStatus.Completed && State.FinalMetrics.Count > 0
            ? State.FinalMetrics
            : State.Epochs.LastOrDefault(e => e.Attempt == State.Attempt)?.Metrics ?? new Dictionary<string, double>();
        double? objective = launch is not null && metrics.TryGetValue(launch.ObjectiveMetric, out var value) ? value : null;
        var latest = State.Epochs.Where(e => e.Attempt == State.Attempt).MaxBy(e => e.Epoch);
        return new TrialSummary
        {
            TrialId = this.GetPrimaryKeyString(),
            Number = launch?.Number ?? -1,
            Parameters = launch?.Parameters ?? new Dictionary<string, Contracts.Parameters.ParameterValue>(),
            Status = State.Status,
            Attempt = State.Attempt,
            Epoch = latest?.Epoch ?? 0,
            Stage = latest?.Stage,
            StageName = latest?.StageName,
            Objective = objective,
            Metrics = metrics,
            RunKey = State.RunKeys.GetValueOrDefault(State.Attempt),
            WorkerHost = State.WorkerHost,
            Error = State.Error,
            Version = State.Version,
            StartedAt = State.StartedAt,
            FinishedAt = State.FinishedAt,
            LostAttempts = State.LostAttempts,
            DispatchedAt = State.AttemptDispatchedAt,
            AttemptStartedAt = State.AttemptStartedAt,
            Curve = launch is null ? [] : Curve(launch.ObjectiveMetric),
            InheritedAt = launch?.Inherit?.Epoch,
        };
    }

    /// <summary>
    /// The objective per epoch up to the current attempt's latest, each from the newest attempt that reported it (a
    /// resumed attempt continues the epochs of the one before); NaN where none did.
    /// </summary>
    private double[] Curve(string metric)
    {
        var last = State.Epochs.Where(e => e.Attempt == State.Attempt).Select(e => e.Epoch).DefaultIfEmpty(0).Max();
        var curve = new double[last];
        Array.Fill(curve, double.NaN);
        foreach (var record in State.Epochs.Where(e => e.Epoch <= last).OrderBy(e => e.Attempt))
        {
            if (record.Metrics.TryGetValue(metric, out var value))
            {
                curve[record.Epoch - 1] = value;
            }
        }

        return curve;
    }
}
