using System.Globalization;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Grains.Storage;
using Experiments.Grains.Trials;
using Experiments.Grains.Workers;
using Experiments.Search;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans.Storage;
using Microsoft.Extensions.Options;

namespace Experiments.Grains.Sweeps;

public sealed class SweepGrain(
    [PersistentState("sweep", GrainStorageNames.Experiments)] IPersistentState<SweepState> state,
    ITrackingOutbox tracking,
    IOptions<TrialLivenessOptions> liveness,
    TimeProvider clock,
    ILogger<SweepGrain> logger) : Grain, ISweepGrain, IRemindable
{
    /// <summary>The durable reminder that wakes a running sweep in whichever silo holds it after a restart.</summary>
    public const string KeepAliveReminder = "keep-alive";

    /// <summary>Finished trials per stored page: the sweep's own state holds only the trials after the last full page.</summary>
    public const int PageSize = 200;

    /// <summary>Every trial of the sweep in memory (pages and state), indexed; null until the definition is known.</summary>
    private SweepTrials? trials;

    private IGrainStorage? pageStorage;

    /// <summary>While the sweep runs: checks its active trials for silent workers and lost trial state.</summary>
    private IGrainTimer? livenessTimer;

    private const string StorageStopReason = "sweep stopped: grain state could not be saved";

    /// <summary>
    /// Set when a state write failed for good, here or in a trial: the sweep has stopped (INTERRUPTED,
    /// its active trials KILLED) and decides nothing more in this activation. Its memory may then be
    /// newer than its file, which keeps the last saved state: that is what the next run resumes, and
    /// <see cref="ResumeAsync"/> in this activation reloads it first. Not persisted.
    /// </summary>
    private string? storageFailure;

    /// <summary>The sweep's sampler, built at the first pump of the activation from the definition and seed (which never change).</summary>
    private ISampler? sampler;

    // Built once per activation, like the sampler: a pure function of the persisted definition and seed.
    private IScheduler? scheduler;

    /// <summary>Why PENDING trials wait: no worker that can train them has been seen (see <see cref="IWorkerRegistryGrain"/>). Not persisted.</summary>
    private string? waiting;

    private SweepState State => state.State;

    private Guid SweepId => this.GetPrimaryKey();

    private SweepTrials Trials => trials ?? throw new InvalidOperationException($"Sweep {SweepId} does not exist.");

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await LoadTrialsAsync();
        await RefreshActiveTrialsAsync();
        if (State.Status == SweepStatus.Running)
        {
            // After a silo restart nothing else may call this sweep for a while: its own timer keeps it going.
            StartLivenessChecks();
        }

        await base.OnActivateAsync(cancellationToken);
    }

    /// <summary>
    /// A trial's progress and status changes are saved by its grain, not by the sweep (see <see cref="OnTrialUpdatedAsync"/>):
    /// read them back, so a reactivated sweep shows and schedules on its trials' latest state at once (and knows which finished).
    /// </summary>
    private async Task RefreshActiveTrialsAsync()
    {
        foreach (var trial in trials?.Active() ?? [])
        {
            try
            {
                Apply(await Trial(trial.TrialId).GetSummaryAsync());
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                // A trial whose state cannot be read is reported by resume and the liveness checks; the sweep still activates.
                logger.LogDebug(exception, "Trial {TrialId} of sweep {SweepId} could not be read at activation", trial.TrialId, SweepId);
            }
        }
    }

    /// <summary>
    /// Reads into memory the pages of finished trials, then the trials after them: those that may still change from
    /// the sweep's state, those finished for good from their own grains.
    /// </summary>
    private async Task LoadTrialsAsync()
    {
        if (State.Definition is null)
        {
            trials = null;
            return;
        }

        var loaded = new SweepTrials(State.Definition.Goal);
        for (var page = 0; page < State.PagedCount / PageSize; page++)
        {
            var stored = await ReadPageAsync(page);
            foreach (var trial in stored.State?.Trials ?? [])
            {
                loaded.Put(trial);
            }
        }

        var held = State.Trials.ToDictionary(t => t.Number);
        var created = Math.Max(State.CreatedCount, held.Count == 0 ? State.PagedCount : Math.Max(State.PagedCount, held.Keys.Max() + 1));
        for (var number = State.PagedCount; number < created; number++)
        {
            loaded.Put(held.TryGetValue(number, out var trial) ? trial : await ReadFinishedTrialAsync(number));
        }

        trials = loaded;
    }

    /// <summary>A finished trial after the last page, from its grain; one whose state is gone shows as FAILED, saying so.</summary>
    private async Task<TrialSummary> ReadFinishedTrialAsync(int number)
    {
        var trialId = TrialIds.For(SweepId, number);
        var summary = await Trial(trialId).GetSummaryAsync();
        if (summary.Number >= 0)
        {
            return summary with { Number = number };
        }

        logger.LogWarning("Trial {Number} of sweep {SweepId} finished but its state is gone; it shows as FAILED", number, SweepId);
        return new TrialSummary { TrialId = trialId, Number = number, Parameters = new Dictionary<string, ParameterValue>(), Status = TrialStatus.Failed, Error = "the trial finished but its state was lost" };
    }

    /// <summary>
    /// Saves the sweep: first every full page of finished trials not stored yet (each written once), then its own
    /// state with the trials after them that may still change. What one save writes is bounded by the active trials,
    /// not by the sweep's size or the page size. A page written before a failed state write is written again,
    /// unchanged, next time.
    /// </summary>
    private async Task SaveAsync()
    {
        var all = Trials.All;
        while (State.PagedCount + PageSize <= all.Count
            && Enumerable.Range(State.PagedCount, PageSize).All(number => IsFinal(all[number])))
        {
            var index = State.PagedCount / PageSize;
            // Read first: storages that check etags (Redis) refuse to overwrite a page written before without one.
            var stored = await ReadPageAsync(index);
            stored.State = new SweepPage { Trials = all.Skip(State.PagedCount).Take(PageSize).ToList() };
            await PageStorage.WriteStateAsync(PageName(index), GrainContext.GrainId, stored);
            State.PagedCount += PageSize;
        }

        State.Trials = all.Skip(State.PagedCount).Where(t => !IsFinal(t)).ToList();
        State.CreatedCount = all.Count;
        await state.WriteStateAsync();
    }

    /// <summary>A trial that never changes again: paged. KILLED is not (a resumed sweep runs it again).</summary>
    private static bool IsFinal(TrialSummary trial) => trial.Status is TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Pruned;

    // Pages are read and written through the sweep's storage directly: their number grows, and Orleans' persistent
    // state facets can only be declared before the grain activates.
    private IGrainStorage PageStorage => pageStorage ??= ServiceProvider.GetRequiredKeyedService<IGrainStorage>(GrainStorageNames.Experiments);

    private static string PageName(int index) => $"sweep-page-{index}";

    private async Task<GrainState<SweepPage>> ReadPageAsync(int index)
    {
        var page = new GrainState<SweepPage>(new SweepPage());
        await PageStorage.ReadStateAsync(PageName(index), GrainContext.GrainId, page);
        page.State ??= new SweepPage();
        return page;
    }

    /// <summary>
    /// The keep-alive reminder: a running sweep whose silo restarted is activated by it and moves on (liveness
    /// checks re-dispatch silent or lost trials, free slots are filled); a finished one drops the reminder.
    /// </summary>
    public async Task ReceiveReminder(string reminderName, TickStatus status)
    {
        if (reminderName != KeepAliveReminder)
        {
            return;
        }

        if (State.Status != SweepStatus.Running || storageFailure is not null)
        {
            await DropKeepAliveAsync();
            return;
        }

        StartLivenessChecks();
        await CheckTrialsAsync(CancellationToken.None);
        if (State.Status == SweepStatus.Running && storageFailure is null)
        {
            await StopOnStorageFailureAsync(PumpAsync);
        }
    }

    public async Task StartAsync(SweepDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (State.Definition is not null)
        {
            throw new InvalidOperationException($"Sweep {SweepId} was already started.");
        }

        State.Definition = definition;
        trials = new SweepTrials(definition.Goal);
        State.Seed = definition.Seed ?? Random.Shared.NextInt64(0, int.MaxValue);
        State.CreatedAt = clock.GetUtcNow();
        await OpenParentRunAsync(definition);
        State.Status = SweepStatus.Running;
        try
        {
            await SaveAsync();
        }
        catch (GrainStateStorageException)
        {
            // Nothing of this sweep was saved and no trial runs: the caller reports it, and a later
            // start begins from scratch in a fresh activation.
            await SetParentStatusAsync(RunStatus.Killed, clock.GetUtcNow());
            DeactivateOnIdle();
            throw;
        }

        logger.LogInformation("Sweep {SweepId} of {Name} started: {MaxTrials} trials, {Parallel} in parallel", SweepId, definition.Name, definition.MaxTrials, definition.Parallel);
        StartLivenessChecks();
        await KeepAliveAsync();
        await StopOnStorageFailureAsync(PumpAsync);
    }

    public async Task ResumeAsync()
    {
        if (storageFailure is not null)
        {
            await state.ReadStateAsync();
            await LoadTrialsAsync();
            storageFailure = null;
        }

        if (State.Definition is null)
        {
            throw new InvalidOperationException($"Sweep {SweepId} does not exist.");
        }

        if (State.Status is SweepStatus.Completed or SweepStatus.Failed)
        {
            return;
        }

        // PRUNED is final like COMPLETED and FAILED: the scheduler stopped it on purpose, resuming must not train it on.
        var unfinished = Trials.All.Where(t => t.Status is not (TrialStatus.Completed or TrialStatus.Failed or TrialStatus.Pruned)).ToList();
        // Read every unfinished trial's state before changing anything: a damaged trial file stops the
        // resume here (its exception names the file), before any trial is dispatched again.
        foreach (var trial in unfinished)
        {
            await Trial(trial.TrialId).GetSummaryAsync();
        }

        await StopOnStorageFailureAsync(async () =>
        {
            State.Status = SweepStatus.Running;
            State.Reason = null;
            State.FinishedAt = null;
            await SaveAsync();
            StartLivenessChecks();
            await KeepAliveAsync();
            await SetParentStatusAsync(RunStatus.Running, endTime: null);

            foreach (var trial in unfinished)
            {
                var (resumed, launchedAnew) = await ResumeTrialAsync(trial);
                if (launchedAnew)
                {
                    // A trial that lost its state counts its versions from the start again: its new summary replaces
                    // the old record whatever the versions say, or the sweep could finish while it runs.
                    Trials.Put(resumed);
                }
                else
                {
                    Apply(resumed);
                }
            }

            await SaveAsync();
            await PumpAsync();
        });
    }

    public async Task StopAsync(string reason)
    {
        if (State.Status != SweepStatus.Running)
        {
            return;
        }

        State.Status = SweepStatus.Interrupted;
        State.Reason = reason;
        State.FinishedAt = clock.GetUtcNow();
        await StopOnStorageFailureAsync(async () =>
        {
            await SaveAsync();
            foreach (var trial in Trials.Active())
            {
                Apply(await Trial(trial.TrialId).KillAsync(reason));
            }

            await SaveAsync();
        });
        await SetParentStatusAsync(RunStatus.Killed, State.FinishedAt);
        await DropKeepAliveAsync();
    }

    public Task<SweepSnapshot> GetSnapshotAsync() => Task.FromResult(Snapshot(0, int.MaxValue));

    public Task<SweepSnapshot> GetOverviewAsync(int offset, int limit) => Task.FromResult(Snapshot(offset, limit));

    private SweepSnapshot Snapshot(int offset, int limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var all = trials?.All ?? [];
        var from = Math.Min(offset, all.Count);
        return new SweepSnapshot
        {
            SweepId = SweepId,
            Status = State.Status,
            Definition = State.Definition ?? throw new InvalidOperationException($"Sweep {SweepId} does not exist."),
            Trials = all.Skip(from).Take(limit).ToList(),
            TrialsOffset = from,
            Counts = trials?.Counts ?? new SweepTrialCounts(0, 0, 0, 0, 0, 0, 0),
            Best = trials?.Best,
            LastFinishedAt = trials?.LastFinishedAt,
            BestTrialId = trials?.Best?.TrialId,
            ParentRunKey = State.ParentRunKey,
            Reason = State.Reason,
            Seed = State.Seed,
            StorageFailure = storageFailure,
            Waiting = State.Status == SweepStatus.Running ? waiting : null,
        };
    }

    public async Task OnTrialUpdatedAsync(TrialSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (storageFailure is not null)
        {
            return;
        }

        var before = trials?.Find(summary.TrialId);
        var wasActive = before?.IsActive ?? false;
        var epochsBefore = before?.Curve.Count ?? 0;
        // Not saved here: the trial's grain saved what changed before telling the sweep, and a reactivated sweep reads
        // every trial its state holds as active back from its grain (RefreshActiveTrialsAsync), so it learns what it
        // missed. The sweep saves when it creates trials and when its own status changes; saving it for every start,
        // epoch and end of its trials too would be most of the hottest path's state writes.
        if (!Apply(summary))
        {
            return;
        }

        await StopOnStorageFailureAsync(async () =>
        {
            if (wasActive && !summary.IsActive)
            {
                await OnTrialFinishedAsync(summary);
            }
            else if (summary.IsActive && summary.Curve.Count > epochsBefore)
            {
                await ScheduleAsync(summary);
            }
        });
    }

    public Task OnTrialStorageFailedAsync(string trialId, string failure)
    {
        logger.LogInformation("Trial {TrialId} of sweep {SweepId} could not save its state", trialId, SweepId);
        return State.Status == SweepStatus.Running ? StopForStorageFailureAsync(failure) : Task.CompletedTask;
    }

    /// <summary>Registers the keep-alive reminder (durable on Redis, so it outlives the silo; idempotent).</summary>
    private async Task KeepAliveAsync()
    {
        var period = liveness.Value.KeepAlivePeriod;
        await this.RegisterOrUpdateReminder(KeepAliveReminder, period, period);
    }

    private async Task DropKeepAliveAsync()
    {
        if (await this.GetReminder(KeepAliveReminder) is { } reminder)
        {
            await this.UnregisterReminder(reminder);
        }
    }

    private void StartLivenessChecks()
    {
        var interval = liveness.Value.CheckInterval;
        livenessTimer ??= this.RegisterGrainTimer(CheckTrialsAsync, new GrainTimerCreationOptions(interval, interval) { KeepAlive = true });
    }

    /// <summary>
    /// A trial whose worker went silent runs again as a new attempt (or fails once the failure budget is spent); a
    /// trial whose grain lost its state (its file deleted) is launched again. Nothing waits forever on either.
    /// </summary>
    private async Task CheckTrialsAsync(CancellationToken cancellationToken)
    {
        if (State.Status != SweepStatus.Running || storageFailure is not null)
        {
            livenessTimer?.Dispose();
            livenessTimer = null;
            return;
        }

        await NoticeMissingWorkersAsync();
        await StopOnStorageFailureAsync(async () =>
        {
            var finished = new List<TrialSummary>();
            var changed = false;
            foreach (var trial in Trials.Active())
            {
                var grain = Trial(trial.TrialId);
                var summary = await grain.CheckLivenessAsync(liveness.Value.SilenceTimeout, MayRetryLostAttempt(trial));
                if (summary.Number < 0)
                {
                    logger.LogWarning("Trial {Number} of sweep {SweepId} lost its state (its state file is gone); it runs again as a new attempt", trial.Number, SweepId);
                    summary = await grain.StartAsync(LaunchFor(trial.Number, trial.Parameters));
                }

                if (Apply(summary))
                {
                    changed = true;
                    if (!summary.IsActive)
                    {
                        finished.Add(summary);
                    }
                }
            }

            if (changed)
            {
                await SaveAsync();
            }

            foreach (var summary in finished)
            {
                await OnTrialFinishedAsync(summary);
            }
        });
    }

    /// <summary>
    /// A sweep whose trials wait for a kind of worker the cluster does not have says so (snapshot, log) instead of
    /// waiting silently; the trials stay queued and start as soon as such a worker comes.
    /// </summary>
    private async Task NoticeMissingWorkersAsync()
    {
        var options = liveness.Value;
        var pending = options.ReportMissingWorkers && Trials.Active().Any(t => t.Status == TrialStatus.Pending);
        var now = pending
            ? await GrainFactory.GetGrain<IWorkerRegistryGrain>(IWorkerRegistryGrain.Key).FindUnmetAsync(State.Definition!.Resources, options.WorkerSeenWithin)
            : null;
        if (now is not null && waiting is null)
        {
            logger.LogWarning("Sweep {SweepId} is {Waiting}", SweepId, now);
        }

        waiting = now;
    }

    /// <summary>Every lost attempt counts against max_failed; without one, a trial may lose a few before it fails.</summary>
    private bool MayRetryLostAttempt(TrialSummary trial) =>
        State.Definition!.MaxFailed is { } maxFailed
            ? Trials.FailedCount + Trials.LostAttempts < maxFailed
            : trial.LostAttempts < liveness.Value.MaxLostAttemptsPerTrial;

    /// <summary>Runs a step that saves state; if a save fails for good (here or in a trial it calls), the sweep stops instead of hanging half done.</summary>
    private async Task StopOnStorageFailureAsync(Func<Task> step)
    {
        try
        {
            await step();
        }
        catch (GrainStateStorageException exception)
        {
            await StopForStorageFailureAsync(exception.Message);
        }
    }

    /// <summary>
    /// Stops the sweep because state cannot be saved: INTERRUPTED (so the next run resumes it), active
    /// trials KILLED (their workers are told to stop), each saved where it still can be. The storage
    /// tries each of these saves once, as it already knows the folder is failing.
    /// </summary>
    private async Task StopForStorageFailureAsync(string failure)
    {
        if (storageFailure is not null)
        {
            return;
        }

        storageFailure = failure;
        logger.LogInformation("Sweep {SweepId} stops: {Failure}", SweepId, failure);
        var stopsNow = State.Status != SweepStatus.Interrupted;
        if (stopsNow)
        {
            State.Status = SweepStatus.Interrupted;
            State.Reason = failure;
            State.FinishedAt = clock.GetUtcNow();
        }

        foreach (var trial in trials?.Active() ?? [])
        {
            await KillForStopAsync(trial.TrialId);
        }

        try
        {
            await SaveAsync();
        }
        catch (GrainStateStorageException)
        {
            // Expected on a full or read-only disk: the file keeps the last saved state, which the next run resumes.
        }

        if (stopsNow)
        {
            await SetParentStatusAsync(RunStatus.Killed, State.FinishedAt);
        }
    }

    private async Task KillForStopAsync(string trialId)
    {
        try
        {
            Apply(await Trial(trialId).KillAsync(StorageStopReason));
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogInformation("Trial {TrialId} of sweep {SweepId} could not be killed: {Reason}", trialId, SweepId, exception.Message);
        }

        if (Trials.Find(trialId) is { IsActive: true } trial)
        {
            // Its grain could not say so (its own state was never saved or cannot be read): show it stopped anyway.
            Trials.Put(trial with { Status = TrialStatus.Killed, Error = StorageStopReason, FinishedAt = clock.GetUtcNow() });
        }
    }

    /// <summary>
    /// Runs an unfinished trial again as a new attempt. A trial whose own state was never saved (the
    /// sweep stopped between saving the trial's record and the trial saving its launch) is launched anew.
    /// </summary>
    /// <summary>Runs an unfinished trial again; <c>LaunchedAnew</c> when its grain had lost its state and was launched from the sweep's record.</summary>
    private async Task<(TrialSummary Summary, bool LaunchedAnew)> ResumeTrialAsync(TrialSummary trial)
    {
        var grain = Trial(trial.TrialId);
        var resumed = await grain.RetryAsync("sweep resumed");
        if (resumed.Number >= 0)
        {
            return (resumed, false);
        }

        return (await grain.StartAsync(LaunchFor(trial.Number, trial.Parameters)), true);
    }

    /// <summary>Takes a trial's summary unless it is unknown or older than the one held.</summary>
    private bool Apply(TrialSummary summary)
    {
        if (trials?.Find(summary.TrialId) is not { } held || held.Version >= summary.Version)
        {
            return false;
        }

        trials.Put(summary with { Number = held.Number });
        return true;
    }

    /// <summary>PBT: the trial continues from the donor's latest state with new parameters, as a new attempt.</summary>
    private async Task ExploitAsync(TrialSummary trial, TrialSummary donor, int epoch, IReadOnlyDictionary<string, ParameterValue> parameters, string reason)
    {
        logger.LogInformation("Trial {Number} of sweep {SweepId} exploits trial {Donor}: {Reason}", trial.Number, SweepId, donor.Number, reason);
        var inheritance = new Contracts.Trials.TrialInheritance(donor.TrialId, donor.Number, epoch, trial.Attempt + 1, reason);
        var exploited = await Trial(trial.TrialId).ExploitAsync(inheritance, parameters);
        if (Apply(exploited))
        {
            await SaveAsync();
        }
    }

    /// <summary>
    /// After a trial's new epoch: the sweep's scheduler decides whether it goes on; a stopped one is PRUNED and its
    /// slot refilled at once; one that PBT sends on from another trial's state gets a new attempt.
    /// </summary>
    private async Task ScheduleAsync(TrialSummary trial)
    {
        if (State.Status != SweepStatus.Running || (scheduler ??= State.Definition!.CreateScheduler(State.Seed)) is not { } rule)
        {
            return;
        }

        var others = Trials.All
            .Where(t => t.TrialId != trial.TrialId)
            .Select(t => new TrialCurve(t.Number, t.Curve, SweepTrials.Outcome(t.Status)) { Parameters = t.Parameters, InheritedAt = t.InheritedAt })
            .ToList();
        var decision = rule.Decide(new TrialCurve(trial.Number, trial.Curve, TrialOutcome.Running) { Parameters = trial.Parameters, InheritedAt = trial.InheritedAt }, others);
        if (decision is { Donor: { } donorNumber, Epoch: { } epoch, Parameters: { } parameters })
        {
            await ExploitAsync(trial, Trials[donorNumber], epoch, parameters, decision.Reason ?? "pbt");
            return;
        }

        if (!decision.Stop)
        {
            return;
        }

        logger.LogInformation("Trial {Number} of sweep {SweepId} is pruned: {Reason}", trial.Number, SweepId, decision.Reason);
        var pruned = await Trial(trial.TrialId).PruneAsync(decision.Reason ?? "pruned");
        if (Apply(pruned))
        {
            await SaveAsync();
            if (!pruned.IsActive)
            {
                await OnTrialFinishedAsync(pruned);
            }
        }
    }

    private async Task OnTrialFinishedAsync(TrialSummary trial)
    {
        logger.LogInformation("Trial {Number} of sweep {SweepId} is {Status} ({Objective})", trial.Number, SweepId, trial.Status, trial.Objective);
        if (trial.Status == TrialStatus.Completed && trial.Objective is not null && Trials.Best?.Number == trial.Number)
        {
            await LogBestAsync(tagBestTrial: true);
        }

        if (State.Status == SweepStatus.Running)
        {
            await PumpAsync();
        }
    }

    /// <summary>The step (completed trials) of the last <c>best_&lt;metric&gt;</c> point logged by this activation.</summary>
    private int bestLoggedAt = -1;

    /// <summary>
    /// The best objective so far on the parent run, at the number of completed trials, as <c>best_&lt;metric&gt;</c>: logged
    /// when a trial becomes the best (with its number as a tag) and once more when the sweep ends, so the curve reaches
    /// its last trial. Not for every completed trial: with thousands of trials that was most of the sweep's tracking.
    /// </summary>
    private async Task LogBestAsync(bool tagBestTrial)
    {
        if (Parent is not { } parent || Trials.Best is not { Objective: { } objective } best || Trials.CompletedCount == bestLoggedAt)
        {
            return;
        }

        bestLoggedAt = Trials.CompletedCount;
        await TrackQuietlyAsync(() => tracking.LogBatchAsync(
            parent,
            [new Metric($"best_{State.Definition!.ObjectiveMetric}", objective, clock.GetUtcNow().ToUnixTimeMilliseconds(), Trials.CompletedCount)],
            tags: tagBestTrial ? new Dictionary<string, string> { ["experiments.best_trial"] = best.Number.ToString(CultureInfo.InvariantCulture) } : null));
    }

    /// <summary>Keeps <c>parallel</c> trials in flight until the budget is spent, then closes the sweep.</summary>
    private async Task PumpAsync()
    {
        var definition = State.Definition!;
        var space = definition.ToSearchSpace();
        // Kept for the activation: samplers are pure, but some cache work across suggestions (CMA-ES's generations).
        var sampler = this.sampler ??= SamplerRegistry.Create(definition.Algorithm, definition.SamplerSettings(State.Seed));
        var maxTrials = Math.Min(definition.MaxTrials, sampler.MaxTrials(space) ?? int.MaxValue);
        var failed = Trials.FailedCount;

        if (definition.MaxFailed is { } maxFailed && failed > maxFailed)
        {
            await FinishAsync(SweepStatus.Failed, $"{failed} trials failed, more than max_failed ({maxFailed}).");
            return;
        }

        while (Trials.ActiveCount < definition.Parallel && Trials.Count < maxTrials)
        {
            var number = Trials.Count;
            var parameters = sampler.Suggest(space, number, Trials.History);
            var trialId = TrialIds.For(SweepId, number);
            Trials.Put(new TrialSummary { TrialId = trialId, Number = number, Parameters = parameters, Status = TrialStatus.Pending });
            await SaveAsync();
            Apply(await Trial(trialId).StartAsync(LaunchFor(number, parameters)));
        }

        if (Trials.Count >= maxTrials && Trials.ActiveCount == 0)
        {
            var completed = Trials.CompletedCount;
            await FinishAsync(
                completed > 0 || maxTrials == 0 ? SweepStatus.Completed : SweepStatus.Failed,
                completed > 0 ? null : "no trial completed.");
        }
    }

    private async Task FinishAsync(SweepStatus status, string? reason)
    {
        foreach (var trial in Trials.Active())
        {
            Apply(await Trial(trial.TrialId).KillAsync(reason ?? "sweep finished"));
        }

        State.Status = status;
        State.Reason = reason;
        State.FinishedAt = clock.GetUtcNow();
        await SaveAsync();
        await LogBestAsync(tagBestTrial: false);
        await SetParentStatusAsync(status == SweepStatus.Completed ? RunStatus.Finished : RunStatus.Failed, State.FinishedAt);
        await DropKeepAliveAsync();
        logger.LogInformation("Sweep {SweepId} finished: {Status} {Reason}", SweepId, status, reason);
    }

    private TrialLaunch LaunchFor(int number, IReadOnlyDictionary<string, ParameterValue> parameters)
    {
        var definition = State.Definition!;
        return new TrialLaunch
        {
            SweepId = SweepId,
            Number = number,
            Parameters = parameters,
            Model = definition.Model,
            Dataset = definition.Dataset,
            Epochs = definition.Epochs,
            Seed = SeedMixer.TrialSeed(State.Seed, number),
            ObjectiveMetric = definition.ObjectiveMetric,
            Goal = definition.Goal,
            ExperimentName = definition.Name,
            ParentRunKey = State.ParentRunKey!,
            Checkpoints = definition.Checkpoints,
            Curriculum = definition.Curriculum,
            Program = definition.Program,
            Resources = definition.Resources,
        };
    }

    /// <summary>Queues the sweep's parent run: trials point at it by its key, whether or not MLflow has it yet.</summary>
    private async Task OpenParentRunAsync(SweepDefinition definition)
    {
        var tags = new Dictionary<string, string>
        {
            ["experiments.sweep_id"] = SweepId.ToString("N"),
            ["experiments.fingerprint"] = definition.Fingerprint,
            ["experiments.model"] = definition.Model,
            ["experiments.kind"] = "sweep",
            ["mlflow.source.name"] = definition.SourceName,
        };
        var parent = await tracking.CreateRunAsync(definition.Name, $"{definition.Name}-sweep-{SweepId.ToString("N")[..8]}", tags);
        State.ParentRunKey = parent.Key;
        var parameters = new Dictionary<string, string>
        {
            ["model"] = definition.Model,
            ["dataset"] = definition.Dataset,
            ["objective"] = $"{definition.Goal.ToString().ToLowerInvariant()} {definition.ObjectiveMetric}",
            ["max_trials"] = definition.MaxTrials.ToString(CultureInfo.InvariantCulture),
            ["parallel"] = definition.Parallel.ToString(CultureInfo.InvariantCulture),
            ["max_failed"] = definition.MaxFailed?.ToString(CultureInfo.InvariantCulture) ?? "none",
            ["epochs"] = definition.Epochs.ToString(CultureInfo.InvariantCulture),
            ["search.algorithm"] = definition.Algorithm,
            ["search.seed"] = State.Seed.ToString(CultureInfo.InvariantCulture),
        };
        foreach (var (option, value) in definition.SamplerOptions ?? new Dictionary<string, ParameterValue>())
        {
            parameters[$"search.{option}"] = value.ToString();
        }

        foreach (var parameter in definition.Parameters)
        {
            parameters[$"space.{parameter.Name}"] = Truncate(Describe(parameter), 6000);
        }

        await TrackQuietlyAsync(() => tracking.LogBatchAsync(parent, [], parameters));
        await TrackQuietlyAsync(() => tracking.LogArtifactAsync(parent, "sweep.yaml", System.Text.Encoding.UTF8.GetBytes(definition.SpecText)));
    }

    private RunReference? Parent =>
        State.ParentRunKey is { } key && State.Definition is { } definition ? new RunReference(definition.Name, key) : null;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 3)] + "...";

    private static string Describe(DistributionDefinition p) => p.Type switch
    {
        DistributionType.Choice => $"choice[{string.Join(", ", p.Values)}]",
        DistributionType.Fixed => $"fixed {p.Values[0]}",
        DistributionType.Int => string.Create(CultureInfo.InvariantCulture, $"int[{p.Low}, {p.High}]{(p.Log ? " log" : string.Empty)}"),
        DistributionType.LogUniform => string.Create(CultureInfo.InvariantCulture, $"loguniform[{p.Low}, {p.High}]"),
        _ => string.Create(CultureInfo.InvariantCulture, $"uniform[{p.Low}, {p.High}]{(p.FloatStep is { } step ? $" step {step}" : string.Empty)}"),
    };

    private Task SetParentStatusAsync(RunStatus status, DateTimeOffset? endTime) =>
        Parent is { } parent
            ? TrackQuietlyAsync(() => tracking.SetRunStatusAsync(parent, status, endTime?.ToUnixTimeMilliseconds()))
            : Task.CompletedTask;

    /// <summary>Queuing for MLflow is local and never waits on it; anything it still refuses is logged, never allowed to stop the sweep.</summary>
    private async Task TrackQuietlyAsync(Func<ValueTask> action)
    {
        try
        {
            await action();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogWarning("MLflow tracking of sweep {SweepId} was refused: {Reason}", SweepId, exception.Message);
        }
    }

    private ITrialGrain Trial(string trialId) => GrainFactory.GetGrain<ITrialGrain>(trialId);
}
