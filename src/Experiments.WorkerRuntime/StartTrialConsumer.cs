using Experiments.Training.Models;
using System.Diagnostics;
using System.Globalization;
using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using Experiments.Contracts.Trials;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;
using Experiments.Training;
using MassTransit;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Experiments.WorkerRuntime;

/// <summary>
/// Trains one attempt of one trial: queues its MLflow child run, continues from the latest usable checkpoint of the
/// trial's earlier runs when it runs again, trains with TorchSharp, reports each epoch to the control plane, and
/// closes the run as FINISHED, FAILED or KILLED. Everything for MLflow goes
/// through the process's tracking outbox, so MLflow being slow or down never holds training up.
/// </summary>
public sealed class StartTrialConsumer(
    ModelTrainer trainer,
    ITrackingOutbox tracking,
    RunningTrials running,
    WorkerSlots slots,
    TrialCheckpoints checkpoints,
    IOptions<TrialWorkerOptions> options,
    IOptions<TrackingOptions> trackingOptions,
    TimeProvider clock,
    ILoggerFactory loggerFactory) : IConsumer<StartTrial>
{
    private static readonly ActivitySource Activities = new("Experiments");
    private readonly ILogger logger = loggerFactory.CreateLogger<StartTrialConsumer>();

    public async Task Consume(ConsumeContext<StartTrial> context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var message = context.Message;
        // The worker's queues share its slots: a trial from one waits here while one from the other trains.
        using var slot = await slots.TakeAsync(context.CancellationToken);
        using var registration = running.TryRegister(message.TrialId, message.Attempt, context.CancellationToken);
        if (registration is null)
        {
            logger.LogInformation("Trial {TrialId} attempt {Attempt} is already training here; duplicate ignored", message.TrialId, message.Attempt);
            return;
        }

        using var activity = Activities.StartActivity("train trial");
        activity?.SetTag("experiments.trial_id", message.TrialId);
        activity?.SetTag("experiments.attempt", message.Attempt);

        var worker = options.Value;
        var run = await tracking.CreateRunAsync(
            message.Tracking.ExperimentName,
            $"trial-{message.TrialNumber:D4}",
            RunTags(message, worker),
            message.Tracking.ParentRunKey,
            CancellationToken.None);
        await tracking.LogBatchAsync(run, [], RunParameters(message), null, CancellationToken.None);
        var startedAt = clock.GetUtcNow();
        if (message.DispatchedAt is { } dispatchedAt)
        {
            WorkerMetrics.DispatchLatency.Record((startedAt - dispatchedAt).TotalMilliseconds, new KeyValuePair<string, object?>("experiments.worker_host", worker.WorkerHost));
        }

        await context.Publish(new TrialStarted(message.TrialId, message.Attempt, worker.WorkerHost, run.Key, startedAt), CancellationToken.None);

        var observer = new TrialRunObserver((progress, ct) => context.Publish(progress, ct), tracking, run, message, clock);
        using var stopHeartbeats = CancellationTokenSource.CreateLinkedTokenSource(registration.Token);
        var heartbeats = TrialHeartbeats.SendAsync(context, message, worker.WorkerHost, worker.HeartbeatInterval, clock, logger, stopHeartbeats.Token);
        try
        {
            var request = new TrainingRequest(message.Model, message.Dataset, message.Parameters, message.Epochs, message.Seed)
            {
                Device = string.IsNullOrWhiteSpace(worker.Device) ? null : worker.Device,
                Threads = worker.EffectiveThreads,
                LogEveryNSteps = worker.LogEveryNSteps,
                ObjectiveMetric = message.ObjectiveMetric,
                CheckpointEvery = message.Checkpoints.Every,
                KeepCheckpoints = message.Checkpoints.KeepLast,
                Curriculum = message.Curriculum,
            };

            // A first delivery of a first attempt has nothing to continue from; anything else may (a resumed sweep, a lost worker).
            var runsAgain = message.Attempt > 1 || context.ReceiveContext.Redelivered;
            await TrainAndReportAsync(context, message, run, observer, request, runsAgain, registration.Token, activity);
        }
        finally
        {
            await stopHeartbeats.CancelAsync();
            await heartbeats;
        }
    }

    private async Task TrainAndReportAsync(
        ConsumeContext context,
        StartTrial message,
        RunReference run,
        TrialRunObserver observer,
        TrainingRequest request,
        bool runsAgain,
        CancellationToken cancellation,
        Activity? activity)
    {
        try
        {
            if (message.Program is not null)
            {
                request = request with { Program = message.Program, ProgramContext = await ProgramContextAsync(message, run, cancellation) };
            }
            else if (message.Inherit is { } inherit)
            {
                // Population-based training: its own state since the exploit if this attempt ran before, else the other trial's.
                request = request with
                {
                    ResumeFrom = runsAgain ? await checkpoints.FindAsync(message, run, cancellation) : [],
                    InheritFrom = await checkpoints.FindInheritedAsync(message, cancellation),
                    InheritEpoch = inherit.Epoch,
                };
            }
            else if (runsAgain)
            {
                request = request with { ResumeFrom = await checkpoints.FindAsync(message, run, cancellation) };
            }

            var result = await trainer.TrainAsync(request, observer, cancellation);
            var lastEpochs = await observer.TakeLastEpochsAsync(CancellationToken.None);
            await CloseRunAsync(run, RunStatus.Finished);
            await context.Publish(
                new TrialCompleted(message.TrialId, message.Attempt, result.EpochsCompleted, result.FinalMetrics, result.Duration.TotalSeconds) { LastEpochs = lastEpochs },
                CancellationToken.None);
            logger.LogInformation("Trial {TrialId} attempt {Attempt} completed in {Seconds:F1} s", message.TrialId, message.Attempt, result.Duration.TotalSeconds);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested && context.CancellationToken.IsCancellationRequested)
        {
            // This worker is stopping (a deploy, a scale-down), not the sweep: the run closes KILLED and the trial is
            // not reported, so once its heartbeats stop the sweep runs it again elsewhere, from its latest checkpoint.
            await FlushQuietlyAsync(observer, message);
            await CloseRunAsync(run, RunStatus.Killed, new Dictionary<string, string> { [WorkerStoppedTag] = "true" });
            logger.LogInformation("Worker stopping: trial {TrialId} attempt {Attempt} is left to the sweep to run again", message.TrialId, message.Attempt);
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            await FlushQuietlyAsync(observer, message);
            await CloseRunAsync(run, RunStatus.Killed);
            await ReportFailureAsync(context, message, "cancelled", killed: true);
            logger.LogInformation("Trial {TrialId} attempt {Attempt} was cancelled", message.TrialId, message.Attempt);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogError(exception, "Trial {TrialId} attempt {Attempt} failed", message.TrialId, message.Attempt);
            activity?.SetStatus(ActivityStatusCode.Error, exception.Message);
            await FlushQuietlyAsync(observer, message);
            await CloseRunAsync(run, RunStatus.Failed, new Dictionary<string, string> { ["experiments.error"] = Truncate(exception.Message, 4000) });
            await ReportFailureAsync(context, message, $"{exception.GetType().Name}: {exception.Message}", killed: false);
        }
    }

    /// <summary>What the user's program is told: refused unless this worker allows programs; the run id once MLflow has the run.</summary>
    private async Task<ProgramContext> ProgramContextAsync(StartTrial message, RunReference run, CancellationToken cancellation)
    {
        var worker = options.Value;
        if (!worker.AllowCommands)
        {
            throw new UserProgramsNotAllowedException(
                $"worker {worker.WorkerHost} does not run user programs (model: command). Set Worker:AllowCommands=true (environment Worker__AllowCommands=true) only on workers that may run the programs of everyone who can submit sweeps.");
        }

        var runId = await tracking.WaitForRunIdAsync(run, worker.RunIdWait, cancellation);
        if (runId is null)
        {
            logger.LogWarning("Trial {TrialId}: MLflow has not created run {Run} within {Wait}; the program starts without MLFLOW_RUN_ID", message.TrialId, run, worker.RunIdWait);
        }

        return new ProgramContext(message.TrialId, message.TrialNumber, message.Attempt, runId, trackingOptions.Value.ForPrograms());
    }

    /// <summary>After training stopped for another reason: what could not be reported is logged, and the run still closes.</summary>
    private async Task FlushQuietlyAsync(TrialRunObserver observer, StartTrial message)
    {
        try
        {
            await observer.FlushAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            logger.LogWarning("Trial {TrialId} attempt {Attempt}: its last epochs could not all be reported: {Reason}", message.TrialId, message.Attempt, exception.Message);
        }
    }

    private ValueTask CloseRunAsync(RunReference run, RunStatus status, IReadOnlyDictionary<string, string>? tags = null) =>
        tracking.SetRunStatusAsync(run, status, clock.GetUtcNow().ToUnixTimeMilliseconds(), tags, cancellationToken: CancellationToken.None);

    private async Task ReportFailureAsync(ConsumeContext context, StartTrial message, string reason, bool killed)
    {
        try
        {
            await context.Publish(new TrialFailed(message.TrialId, message.Attempt, reason, killed), CancellationToken.None);
        }
        catch (Exception exception) when (killed)
        {
            // While the bus shuts down a cancelled trial may not be able to report; the sweep already marked it.
            logger.LogDebug(exception, "Could not report the cancellation of trial {TrialId}", message.TrialId);
        }
    }

    /// <summary>On a run its worker stopped in the middle of (the trial runs again elsewhere).</summary>
    public const string WorkerStoppedTag = "experiments.worker_stopped";

    /// <summary>Population-based training lineage on a run: the trial it continues from, at which epoch, and why.</summary>
    public const string DonorTag = "experiments.pbt_donor_trial";

    public const string DonorEpochTag = "experiments.pbt_epoch";

    public const string ExploitReasonTag = "experiments.pbt_reason";

    private static Dictionary<string, string> RunTags(StartTrial message, TrialWorkerOptions worker)
    {
        var tags = BaseTags(message, worker);
        if (message.Inherit is { } inherit)
        {
            tags[DonorTag] = inherit.DonorNumber.ToString(CultureInfo.InvariantCulture);
            tags[DonorEpochTag] = inherit.Epoch.ToString(CultureInfo.InvariantCulture);
            tags[ExploitReasonTag] = Truncate(inherit.Reason, 4000);
        }

        return tags;
    }

    private static Dictionary<string, string> BaseTags(StartTrial message, TrialWorkerOptions worker) => new()
    {
        ["experiments.sweep_id"] = message.SweepId.ToString("N"),
        ["experiments.trial_id"] = message.TrialId,
        ["experiments.trial_number"] = message.TrialNumber.ToString(CultureInfo.InvariantCulture),
        ["experiments.attempt"] = message.Attempt.ToString(CultureInfo.InvariantCulture),
        ["experiments.model"] = message.Model,
        ["experiments.worker_host"] = worker.WorkerHost,
        ["experiments.kind"] = "trial",
    };

    /// <summary>Every hyperparameter the model uses on the trial's data set, defaults included, so MLflow can compare any two runs.</summary>
    private static Dictionary<string, string> RunParameters(StartTrial message)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var hyperparameter in (ModelFamilies.Catalog.Find(message.Model)?.Hyperparameters ?? []).Where(h => h.AppliesTo(message.Dataset)))
        {
            parameters[hyperparameter.Name] = hyperparameter.Default.ToString();
        }

        foreach (var (name, value) in message.Parameters)
        {
            parameters[name] = value.ToString();
        }

        parameters["epochs"] = message.Epochs.ToString(CultureInfo.InvariantCulture);
        parameters["seed"] = message.Seed.ToString(CultureInfo.InvariantCulture);
        if (message.Program is not { } program)
        {
            parameters["dataset"] = message.Dataset;
            parameters["curriculum"] = message.Curriculum?.Describe(message.Epochs) ?? "none";
        }
        else
        {
            if (message.Dataset.Length > 0)
            {
                parameters["dataset"] = message.Dataset;
            }

            // 6000: the longest param value MLflow takes.
            parameters["command"] = Truncate(string.Join(" ", program.Arguments), 6000);
        }

        return parameters;
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}
