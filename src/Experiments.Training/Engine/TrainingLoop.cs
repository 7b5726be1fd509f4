using System.Diagnostics;
using Experiments.Training.Datasets;
using Experiments.Training.Engine.Checkpoints;
using Experiments.Training.Safetensors;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Engine;

/// <summary>
/// The training loop every model family shares, run synchronously on the caller's (dedicated) thread: the seeded
/// run built under a lock, data on the device, seeded batches per epoch (shuffled examples, or windows the family cuts), one dispose scope per step, cancellation
/// within one step, step metrics every <see cref="TrainingRequest.LogEveryNSteps"/> steps (the epoch's loss is summed
/// on the device, so no step waits for the device otherwise), curriculum stages entered at epoch boundaries,
/// held-out evaluation and artifacts after each epoch, checkpoints (the last few and the best kept) and an exact
/// resume from the first usable earlier checkpoint.
/// </summary>
internal sealed class TrainingLoop : IDisposable
{
    /// <summary>The artifact holding the final weights of every network, named "network.tensor".</summary>
    public const string FinalWeightsPath = "model.safetensors";

    private readonly IModelFamily family;
    private readonly ModelRunSettings settings;
    private readonly TrainingRequest request;
    private readonly ITrainingObserver observer;
    private readonly ILogger logger;
    private readonly Device device;
    private readonly CheckpointRetention retention;
    private readonly CurriculumSchedule? curriculum;
    private IModelRun run;
    private readonly Tensor trainExamples;
    private readonly Tensor? trainLabels;
    private TrainingBatch train;
    private readonly TrainingBatch heldOut;

    public TrainingLoop(
        IModelFamily family,
        ModelRunSettings settings,
        TrainingRequest request,
        TrainingData data,
        ITrainingObserver observer,
        ILogger logger)
    {
        this.family = family;
        this.settings = settings;
        this.request = request;
        this.observer = observer;
        this.logger = logger;
        device = settings.Device;

        var objective = request.ObjectiveMetric is { } metric ? family.Descriptor.FindMetric(metric)?.Improves : null;
        retention = new CheckpointRetention(request.KeepCheckpoints, objective);
        curriculum = request.Curriculum is { } plan ? new CurriculumSchedule(plan, family.Descriptor.Curriculum, settings.Hyperparameters) : null;

        var trainCount = request.MaxTrainImages is { } cap ? Math.Min(cap, data.TrainCount) : data.TrainCount;
        trainExamples = data.Train.narrow(0, 0, trainCount).to(device);
        trainLabels = Labels(data.TrainLabels, trainCount);
        train = new TrainingBatch(trainExamples, trainLabels);
        run = CreateRun();
        heldOut = new TrainingBatch(data.HeldOut.to(device), Labels(data.HeldOutLabels, data.HeldOutCount));
    }

    public TrainingResult Run(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        var trainCount = (int)train.Count;
        var model = family.Descriptor.Name;
        var resumed = Resume(trainCount, cancellationToken);
        var firstEpoch = (resumed?.Epoch ?? 0) + 1;
        var step = resumed?.Step ?? 0;
        IReadOnlyDictionary<string, double> metrics = resumed?.Metrics ?? new Dictionary<string, double>();
        using var batches = run.CreateBatches(train, request.Seed) ?? new ShuffledBatches(train, run.BatchSize, request.Seed);
        var batchSize = batches.BatchSize;

        logger.LogInformation(
            "Training {Model} on {Dataset}: {TrainCount} training and {HeldOutCount} held-out examples, epochs {FirstEpoch} to {Epochs}, batch {BatchSize}, device {Device}",
            model, request.Dataset, trainCount, heldOut.Count, firstEpoch, request.Epochs, batchSize, device.type);
        if (curriculum is not null)
        {
            logger.LogInformation("Curriculum of {Model}: {Stages}", model, curriculum.Plan.Describe(request.Epochs));
        }

        var stage = -1; // none entered yet: the first epoch trained (1, or the one after a resume) enters its stage
        for (var epoch = firstEpoch; epoch <= request.Epochs; epoch++)
        {
            if (curriculum is not null)
            {
                stage = EnterStage(curriculum, epoch, stage, step, cancellationToken);
            }

            var epochWatch = Stopwatch.StartNew();
            var epochStartStep = step;
            run.SetTraining(true);
            var steps = batches.StartEpoch(epoch);
            using var lossTotal = torch.zeros(1, ScalarType.Float64, device);

            for (var index = 0; index < steps; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                step++;
                var logged = step % request.LogEveryNSteps == 0;
                IReadOnlyDictionary<string, double>? stepMetrics;
                using (torch.NewDisposeScope())
                {
                    // Every tensor of the step, autograd graph included, is freed when the scope ends.
                    stepMetrics = run.TrainStep(batches.Batch(index), lossTotal, logged);
                }

                if (stepMetrics is not null)
                {
                    Wait(observer.OnStepAsync(step, stepMetrics, cancellationToken));
                }
            }

            var lossSum = lossTotal.item<double>();
            cancellationToken.ThrowIfCancellationRequested();
            var stepsThisEpoch = step - epochStartStep;
            var stepsPerSecond = stepsThisEpoch / epochWatch.Elapsed.TotalSeconds;

            // What an epoch costs besides its steps, in the epoch's log line: where to look when end-to-end speed lags.
            var overhead = Stopwatch.StartNew();
            run.SetTraining(false);
            IReadOnlyList<TrainingArtifact> artifacts;
            using (torch.no_grad())
            {
                var evaluation = run.Evaluate(epoch, heldOut, cancellationToken);
                metrics = new Dictionary<string, double>(evaluation.Metrics, StringComparer.Ordinal)
                {
                    ["train_loss"] = lossSum / Math.Max(1, stepsThisEpoch * batchSize),
                };
                artifacts = evaluation.Artifacts;
            }

            var evaluationSeconds = overhead.Elapsed.TotalSeconds;
            Wait(observer.OnEpochAsync(epoch, step, metrics, cancellationToken));
            foreach (var artifact in artifacts)
            {
                Wait(observer.OnArtifactAsync(artifact.Path, artifact.Content, cancellationToken));
            }

            var trackingSeconds = overhead.Elapsed.TotalSeconds - evaluationSeconds;
            retention.Observe(epoch, request.ObjectiveMetric is { } objective && metrics.TryGetValue(objective, out var value) ? value : null);
            if (request.CheckpointEvery > 0 && (epoch % request.CheckpointEvery == 0 || epoch == request.Epochs))
            {
                // Last in the epoch: the random generators' states then are those the next epoch starts from.
                SaveCheckpoint(epoch, step, trainCount, metrics, cancellationToken);
            }

            logger.LogInformation(
                "Epoch {Epoch}/{Epochs} of {Model}: {Metrics}; {StepsPerSecond:F1} training steps/s over {TrainingSeconds:F2} s, then evaluation and samples {EvaluationSeconds:F2} s, tracking {TrackingSeconds:F2} s, checkpoint {CheckpointSeconds:F2} s",
                epoch, request.Epochs, model, string.Join(", ", metrics.Select(m => $"{m.Key} {m.Value:G5}")), stepsPerSecond, epochWatch.Elapsed.TotalSeconds - overhead.Elapsed.TotalSeconds,
                evaluationSeconds, trackingSeconds, overhead.Elapsed.TotalSeconds - evaluationSeconds - trackingSeconds);
        }

        // The final weights in a small public format, so anyone can load what a trial found (PyTorch: safetensors.torch.load_file).
        var weights = ModuleWeights.Serialize(run.State.Networks, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["model"] = family.Descriptor.Name,
            ["epochs"] = request.Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["seed"] = request.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
        Wait(observer.OnArtifactAsync(FinalWeightsPath, weights, cancellationToken));
        return new TrainingResult(request.Epochs, step, metrics, stopwatch.Elapsed);
    }

    /// <summary>Enters the stage of <paramref name="epoch"/> when it is not <paramref name="current"/>: an epoch boundary, so no step waits for it.</summary>
    private int EnterStage(CurriculumSchedule schedule, int epoch, int current, long step, CancellationToken cancellationToken)
    {
        var index = schedule.StageAt(epoch);
        if (index == current)
        {
            return current;
        }

        var stage = schedule.Stage(index);
        run.EnterStage(stage);
        logger.LogInformation(
            "Curriculum stage {Stage} '{Name}' of {Model} from epoch {Epoch}: {Settings}",
            index, stage.Name, family.Descriptor.Name, epoch, string.Join(", ", stage.Values.Select(v => $"{v.Key}={v.Value}")));
        Wait(observer.OnStageAsync(index, stage.Name, epoch, step + 1, cancellationToken));
        return index;
    }

    private IModelRun CreateRun()
    {
        var created = GlobalRandom.Seeded(request.Seed, () => family.CreateRun(settings));
        DisposeSelected();
        train = created.Prepare(new TrainingBatch(trainExamples, trainLabels));
        return created;
    }

    /// <summary>Frees the examples a run chose when they are its own tensors, not the training split itself.</summary>
    private void DisposeSelected()
    {
        if (!ReferenceEquals(train.Examples, trainExamples))
        {
            train.Examples.Dispose();
            train.Labels?.Dispose();
        }
    }

    /// <summary>
    /// Restores the first of the trial's own checkpoints that fits, else the weights of the first inherited one (PBT);
    /// a damaged, missing or foreign one is named in a warning and the next one tried.
    /// </summary>
    private CheckpointHeader? Resume(int trainCount, CancellationToken cancellationToken)
    {
        var resumed = Restore(request.ResumeFrom, weightsOnly: false, trainCount, cancellationToken)
            ?? Restore(request.InheritFrom, weightsOnly: true, trainCount, cancellationToken);
        if (resumed is null && request.ResumeFrom.Count + request.InheritFrom.Count > 0)
        {
            logger.LogWarning("No checkpoint could be used; training starts at epoch 1");
        }

        return resumed;
    }

    private CheckpointHeader? Restore(IReadOnlyList<CheckpointCandidate> candidates, bool weightsOnly, int trainCount, CancellationToken cancellationToken)
    {
        foreach (var candidate in candidates)
        {
            byte[]? content;
            try
            {
                content = candidate.ReadAsync(cancellationToken).GetAwaiter().GetResult();
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogWarning("Checkpoint {Checkpoint} could not be read ({Reason}); trying an earlier one", candidate.Name, exception.Message);
                continue;
            }

            if (content is null)
            {
                logger.LogWarning("Checkpoint {Checkpoint} is gone; trying an earlier one", candidate.Name);
                continue;
            }

            CheckpointHeader header;
            try
            {
                header = CheckpointFile.Check(content, candidate.Name, run.State, family.Descriptor.Name, trainCount);
                CheckpointFile.Restore(content, candidate.Name, run.State, weightsOnly);
            }
            catch (CheckpointException exception)
            {
                logger.LogWarning("{Reason} Trying an earlier one", exception.Message);

                // A load that failed halfway may have replaced some tensors: start again from the seeded initial state.
                run.Dispose();
                run = CreateRun();
                continue;
            }

            if (!weightsOnly)
            {
                // An inherited best belongs to the other trial; this run keeps its own from here on.
                retention.Restore(header.BestObjective, header.BestEpoch);
            }

            logger.LogInformation("{Action} {Checkpoint}: epoch {Epoch}, step {Step}", weightsOnly ? "Continuing from the weights of" : "Resuming from", candidate.Name, header.Epoch, header.Step);
            Wait(observer.OnResumedAsync(candidate.Name, header.Epoch, header.Step, cancellationToken));
            return header;
        }

        if (candidates.Count > 0)
        {
            logger.LogWarning("None of the {Count} {Kind} checkpoints could be used", candidates.Count, weightsOnly ? "inherited" : "earlier");
        }

        return null;
    }

    private void SaveCheckpoint(int epoch, long step, int trainCount, IReadOnlyDictionary<string, double> metrics, CancellationToken cancellationToken)
    {
        var state = run.State;
        var content = CheckpointFile.Write(state, new CheckpointHeader
        {
            Format = CheckpointHeader.CurrentFormat,
            Model = family.Descriptor.Name,
            Epoch = epoch,
            Step = step,
            TrainExamples = trainCount,
            Seed = request.Seed,
            BestObjective = retention.BestObjective,
            BestEpoch = retention.BestEpoch,
            Metrics = metrics,
            Shapes = state.Shapes(),
            Optimizers = state.Optimizers.Select(o => o.Key).ToList(),
            Generators = state.Generators.Select(g => g.Key).ToList(),
            Counters = state.ReadCounters(),
        });
        Wait(observer.OnArtifactAsync(CheckpointPaths.ForEpoch(epoch), content, cancellationToken));
        foreach (var dropped in retention.Written(epoch))
        {
            Wait(observer.OnArtifactDeletedAsync(dropped, cancellationToken));
        }
    }

    public void Dispose()
    {
        DisposeSelected();
        trainExamples.Dispose();
        trainLabels?.Dispose();
        heldOut.Examples.Dispose();
        heldOut.Labels?.Dispose();
        run.Dispose();
    }

    /// <summary>Class labels as int64 on the device (the first <paramref name="count"/>), or null when the data set has none.</summary>
    private Tensor? Labels(byte[]? labels, long count) =>
        labels is null ? null : torch.tensor(labels.Take((int)count).Select(label => (long)label).ToArray(), device: device);

    // The training thread is dedicated, so blocking on an observer that really is asynchronous is fine.
    private static void Wait(ValueTask pending)
    {
        if (!pending.IsCompletedSuccessfully)
        {
            pending.AsTask().GetAwaiter().GetResult();
        }
    }
}
