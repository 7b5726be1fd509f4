using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Training.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Models;
using Microsoft.Extensions.Logging;
using TorchSharp;

namespace Experiments.Training;

/// <summary>
/// Trains the registered model families (<see cref="Models.ModelFamilies"/>) with TorchSharp. Each call runs its CPU/GPU-bound loop on a dedicated thread so
/// the caller's thread pool (Orleans, hosting) stays responsive, and reports progress to an observer.
/// </summary>
public sealed class ModelTrainer
{
    private readonly ILogger<ModelTrainer> logger;
    private readonly DatasetResolver datasets;

    /// <param name="logger">Receives progress and timing; nothing is written to the console.</param>
    /// <param name="builtInDataRoot">Folder holding the shipped data sets (mnist/); defaults to &lt;AppContext.BaseDirectory&gt;/data.</param>
    public ModelTrainer(ILogger<ModelTrainer> logger, string? builtInDataRoot = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        this.logger = logger;
        datasets = new DatasetResolver(builtInDataRoot);
    }

    /// <summary>
    /// Trains <paramref name="request"/>'s model. Throws <see cref="TrainingParameterException"/> for an invalid
    /// request, <see cref="TorchUnavailableException"/> when libtorch cannot load, and
    /// <see cref="OperationCanceledException"/> within one optimiser step of cancellation.
    /// </summary>
    public async Task<TrainingResult> TrainAsync(TrainingRequest request, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(observer);

        if (ModelFamilies.FindComputed(request.Model) is { } computed)
        {
            // Nothing to train: no libtorch, no training thread.
            ValidateRunSettings(request, needsData: !computed.Descriptor.RunsUserProgram);
            var resolved = HyperparameterResolver.Resolve(computed.Descriptor, request.Parameters ?? new Dictionary<string, ParameterValue>());
            cancellationToken.ThrowIfCancellationRequested();
            return await computed.RunAsync(request, resolved, observer, cancellationToken).ConfigureAwait(false);
        }

        // Everything that can be checked without libtorch fails before a thread is started.
        var family = HyperparameterResolver.FindFamily(request.Model);
        var hyperparameters = HyperparameterResolver.Resolve(family.Descriptor, request.Parameters ?? new Dictionary<string, ParameterValue>());
        ValidateRunSettings(request, needsData: true);
        if (request.Curriculum?.Check(family.Descriptor.Curriculum, request.Epochs) is { } curriculumProblem)
        {
            throw new TrainingParameterException($"The curriculum does not suit model '{family.Descriptor.Name}': {curriculumProblem}.") { ParameterName = "curriculum" };
        }

        cancellationToken.ThrowIfCancellationRequested();

        // LongRunning gives the loop its own thread instead of blocking a thread-pool worker for hours.
        return await Task.Factory.StartNew(
            () => Train(family, hyperparameters, request, observer, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning | TaskCreationOptions.DenyChildAttach,
            TaskScheduler.Default).ConfigureAwait(false);
    }

    private TrainingResult Train(
        IModelFamily family, IReadOnlyDictionary<string, ParameterValue> hyperparameters, TrainingRequest request, ITrainingObserver observer, CancellationToken cancellationToken)
    {
        TorchRuntime.EnsureAvailable();
        var device = SelectDevice(request.Device, TorchRuntime.Probe());
        logger.LogDebug("C heap: {HeapTuning}", NativeHeapTuning.Apply());
        if (request.Threads is { } threads)
        {
            // Process-wide in libtorch: the last request's value wins.
            torch.set_num_threads(threads);
        }

        using var data = datasets.Load(request.Dataset);
        if (family.CheckData(data) is { } problem)
        {
            throw new TrainingParameterException($"Dataset '{request.Dataset}' does not suit model '{family.Descriptor.Name}': {problem}.")
            {
                ParameterName = "dataset",
            };
        }

        var settings = new ModelRunSettings(hyperparameters, request.Seed, device, data.Classes) { Shape = data.Shape, Mixture = data.Mixture, Vocabulary = data.Vocabulary, Channels = data.Channels };
        using var loop = new TrainingLoop(family, settings, request, data, observer, logger);
        var result = loop.Run(cancellationToken);
        logger.LogInformation(
            "Finished {Model}: {Epochs} epochs, {Steps} steps in {Duration}",
            family.Descriptor.Name, result.EpochsCompleted, result.Steps, result.Duration);
        return result;
    }

    private static void ValidateRunSettings(TrainingRequest request, bool needsData)
    {
        if (request.Epochs < 1)
        {
            throw new TrainingParameterException($"'epochs' = {request.Epochs} is not allowed; expected an integer >= 1.") { ParameterName = "epochs" };
        }

        if (request.LogEveryNSteps < 1)
        {
            throw new TrainingParameterException($"'log_every_n_steps' = {request.LogEveryNSteps} is not allowed; expected an integer >= 1.") { ParameterName = "log_every_n_steps" };
        }

        if (request.Threads is < 1)
        {
            throw new TrainingParameterException($"'threads' = {request.Threads} is not allowed; expected an integer >= 1 or none.") { ParameterName = "threads" };
        }

        if (request.CheckpointEvery < 0)
        {
            throw new TrainingParameterException($"'checkpoint_every' = {request.CheckpointEvery} is not allowed; expected an integer >= 0 (0: no checkpoints).") { ParameterName = "checkpoint_every" };
        }

        if (request.KeepCheckpoints < 1)
        {
            throw new TrainingParameterException($"'keep_checkpoints' = {request.KeepCheckpoints} is not allowed; expected an integer >= 1.") { ParameterName = "keep_checkpoints" };
        }

        if (request.MaxTrainImages is < 1)
        {
            throw new TrainingParameterException($"'max_train_images' = {request.MaxTrainImages} is not allowed; expected an integer >= 1 or none.") { ParameterName = "max_train_images" };
        }

        if (request.Device is not (null or "cpu" or "cuda"))
        {
            throw new TrainingParameterException($"'device' = '{request.Device}' is not allowed; expected cpu, cuda, or none for cuda when available.") { ParameterName = "device" };
        }

        if (needsData && string.IsNullOrWhiteSpace(request.Dataset))
        {
            throw new TrainingParameterException(
                $"'dataset' is empty; expected {string.Join(", ", DataSources.BuiltIn.Select(s => $"\"{s.Name}\""))} or the path of {DataSources.FolderKinds}.")
            {
                ParameterName = "dataset",
            };
        }
    }

    private static torch.Device SelectDevice(string? requested, TorchAvailability availability) => requested switch
    {
        "cpu" => torch.CPU,
        "cuda" when availability.CudaDeviceCount > 0 => torch.CUDA,
        "cuda" => throw new TorchUnavailableException(
            "CUDA was requested but libtorch sees no CUDA device. Remedy: run on a GPU node with a build made with -p:TorchBackend=cuda, or request device cpu."),
        _ => availability.CudaDeviceCount > 0 ? torch.CUDA : torch.CPU,
    };
}
