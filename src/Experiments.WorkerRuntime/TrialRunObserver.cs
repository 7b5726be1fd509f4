using Experiments.Contracts.Trials;
using Experiments.Tracking;
using Experiments.Tracking.Outbox;
using Experiments.Training;

namespace Experiments.WorkerRuntime;

/// <summary>
/// Turns training callbacks into MLflow metrics (step metrics buffered and queued in batches, epoch
/// metrics as each epoch ends), curriculum stages (metric and tag), and TrialProgressed reports for the control plane (sent by
/// <paramref name="report"/>, e.g. published on the bus), each carrying the stage that trained the epoch. Epochs are
/// sent in the background (<see cref="EpochReporter"/>): training does not wait for a report to travel.
/// </summary>
public sealed class TrialRunObserver(
    Func<TrialProgressed, CancellationToken, Task> report,
    ITrackingOutbox tracking,
    RunReference run,
    StartTrial message,
    TimeProvider clock) : ITrainingObserver
{
    private const int StepPointsPerBatch = 200;

    /// <summary>
    /// Step metrics go under <c>step/</c> (indexed by optimiser step), apart from the epoch metrics of the same name
    /// (indexed by epoch): one MLflow series must not mix two x axes. The MLflow UI groups them by the prefix.
    /// </summary>
    public const string StepMetricPrefix = "step/";
    /// <summary>The checkpoint a resumed run continues from: "run &lt;id&gt; checkpoints/epoch-NNNN.ckpt".</summary>
    public const string ResumedFromTag = "experiments.resumed_from";

    public const string ResumedFromEpochTag = "experiments.resumed_from_epoch";

    /// <summary>Metric: the curriculum stage's index (0-based), logged at the first step of each stage.</summary>
    public const string CurriculumStageMetric = "curriculum_stage";

    /// <summary>Tag: the name of the curriculum stage the run is in (its last stage once finished).</summary>
    public const string CurriculumStageTag = "experiments.curriculum_stage";

    private (int Index, string Name)? stage;

    private readonly List<Metric> pending = [];

    private readonly EpochReporter epochs = new(report, tracking, run, message.TrialId, message.Attempt);

    public async ValueTask OnStepAsync(long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (key, value) in metrics)
        {
            pending.Add(new Metric(StepMetricPrefix + key, value, now, step));
        }

        if (pending.Count >= StepPointsPerBatch)
        {
            await FlushStepsAsync(cancellationToken);
        }
    }

    public async ValueTask OnEpochAsync(int epoch, long step, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        var now = clock.GetUtcNow().ToUnixTimeMilliseconds();
        // The step points buffered so far go with the epoch's, in one outbox record.
        var points = new List<Metric>(pending.Count + metrics.Count + 1);
        points.AddRange(pending);
        pending.Clear();
        foreach (var (key, value) in metrics)
        {
            // Held-out metrics are indexed by epoch, the x axis people compare trials on.
            points.Add(new Metric(key, value, now, epoch));
        }

        points.Add(new Metric("epoch", epoch, now, step));
        var report = new EpochReport(epoch, step, metrics.ToDictionary()) { CurriculumStage = stage?.Index, CurriculumStageName = stage?.Name };
        await ReleaseLastEpochAsync(cancellationToken);
        if (epoch == message.Epochs)
        {
            epochs.ThrowIfFailed();
            // The planned last epoch: its metrics go to MLflow now, its report with the completion (see TakeLastEpochs).
            lastEpoch = report;
            await tracking.LogBatchAsync(run, points, null, null, cancellationToken);
            return;
        }

        await epochs.EnqueueAsync(report, points, cancellationToken);
    }

    /// <summary>The planned last epoch's report, held back for the completion; null until it ends.</summary>
    private EpochReport? lastEpoch;

    /// <summary>
    /// For <see cref="TrialCompleted.LastEpochs"/>: the epochs not reported yet once every earlier one has been sent
    /// (the planned last epoch, held back so that a trial's end costs one message, not two). Throws what a report failed with.
    /// </summary>
    public async Task<IReadOnlyList<EpochReport>> TakeLastEpochsAsync(CancellationToken cancellationToken)
    {
        await FlushStepsAsync(cancellationToken);
        await epochs.FlushAsync();
        var taken = lastEpoch is null ? [] : new[] { lastEpoch };
        lastEpoch = null;
        return taken;
    }

    /// <summary>A held last epoch goes out as usual when training goes on after it (a program that reports more epochs than planned) or stops without completing.</summary>
    private async Task ReleaseLastEpochAsync(CancellationToken cancellationToken)
    {
        if (lastEpoch is { } held)
        {
            lastEpoch = null;
            await epochs.EnqueueAsync(held, [], cancellationToken);
        }
    }

    public async ValueTask OnArtifactAsync(string path, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        await tracking.LogArtifactAsync(run, path, content, cancellationToken);
    }

    public async ValueTask OnArtifactDeletedAsync(string path, CancellationToken cancellationToken)
    {
        await tracking.DeleteArtifactAsync(run, path, cancellationToken);
    }

    /// <summary>Tags the run with what it continues; its epochs and steps carry on from there.</summary>
    public async ValueTask OnResumedAsync(string checkpoint, int epoch, long step, CancellationToken cancellationToken)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ResumedFromTag] = checkpoint,
            [ResumedFromEpochTag] = epoch.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        await tracking.LogBatchAsync(run, [], null, tags, cancellationToken);
    }

    /// <summary>The stage's index as the metric <c>curriculum_stage</c> at its first step, and its name as a tag; queued with the step metrics before it, in order.</summary>
    public async ValueTask OnStageAsync(int stage, string name, int epoch, long step, CancellationToken cancellationToken)
    {
        this.stage = (stage, name);
        pending.Add(new Metric(CurriculumStageMetric, stage, clock.GetUtcNow().ToUnixTimeMilliseconds(), step));
        var batch = pending.ToList();
        pending.Clear();
        await tracking.LogBatchAsync(run, batch, null, new Dictionary<string, string>(StringComparer.Ordinal) { [CurriculumStageTag] = name }, cancellationToken);
    }

    /// <summary>Queues every buffered point and waits until every finished epoch is reported; throws what a report failed with.</summary>
    public async Task FlushAsync(CancellationToken cancellationToken)
    {
        await FlushStepsAsync(cancellationToken);
        await ReleaseLastEpochAsync(cancellationToken);
        await epochs.FlushAsync();
    }

    private async Task FlushStepsAsync(CancellationToken cancellationToken)
    {
        if (pending.Count == 0)
        {
            return;
        }

        var batch = pending.ToList();
        pending.Clear();
        await tracking.LogBatchAsync(run, batch, null, null, cancellationToken);
    }
}
