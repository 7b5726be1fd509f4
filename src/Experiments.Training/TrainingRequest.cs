using Experiments.Contracts.Parameters;
using Experiments.Contracts.Programs;
using Experiments.Contracts.Trials;
using Experiments.Training.Engine.Checkpoints;

namespace Experiments.Training;

/// <summary>One trial to train: a catalog model on a data set with sampled hyperparameters.</summary>
/// <param name="Model">A model name from the catalog, e.g. "vae".</param>
/// <param name="Dataset">"mnist" for the shipped data set, or a folder holding IDX files.</param>
/// <param name="Parameters">Hyperparameters; those left out take the catalog default.</param>
/// <param name="Epochs">Passes over the training split (at least 1).</param>
/// <param name="Seed">Seeds weights, noise and shuffling: the same request gives the same metrics on CPU.</param>
public sealed record TrainingRequest(
    string Model,
    string Dataset,
    IReadOnlyDictionary<string, ParameterValue> Parameters,
    int Epochs,
    long Seed)
{
    /// <summary>"cpu", "cuda", or null for CUDA when available, else CPU.</summary>
    public string? Device { get; init; }

    /// <summary>Intra-op threads for libtorch (process-wide); null leaves libtorch's default.</summary>
    public int? Threads { get; init; }

    /// <summary>How often (in optimiser steps) training metrics go to <see cref="ITrainingObserver.OnStepAsync"/>.</summary>
    public int LogEveryNSteps { get; init; } = 50;

    /// <summary>
    /// Optional cap on the training images used per epoch (the first N of the training split), for
    /// smoke tests and quick sweeps; null uses the whole split. Held-out metrics always use the whole held-out split.
    /// </summary>
    public int? MaxTrainImages { get; init; }

    /// <summary>Epochs between checkpoints (the last epoch always gets one); 0 writes none.</summary>
    public int CheckpointEvery { get; init; } = 1;

    /// <summary>How many of the latest checkpoints are kept, besides the one of the best epoch.</summary>
    public int KeepCheckpoints { get; init; } = 2;

    /// <summary>Checkpoints of earlier runs of this trial, newest first: training continues from the first one that fits.</summary>
    public IReadOnlyList<CheckpointCandidate> ResumeFrom { get; init; } = [];

    /// <summary>
    /// Population-based training: another trial's checkpoints, newest first; when none of <see cref="ResumeFrom"/>
    /// fits, training continues from the first of these that does, with its weights only (the optimisers start afresh
    /// for this trial's hyperparameters).
    /// </summary>
    public IReadOnlyList<CheckpointCandidate> InheritFrom { get; init; } = [];

    /// <summary>Population-based training: the epoch of the other trial's state a computed model (no checkpoints) continues after.</summary>
    public int? InheritEpoch { get; init; }

    /// <summary>The metric whose best epoch's checkpoint is kept (its direction comes from the model's catalog); null keeps only the latest.</summary>
    public string? ObjectiveMetric { get; init; }

    /// <summary>
    /// Curriculum stages (settings of the model's curriculum, changed at epoch boundaries); null trains without one.
    /// <see cref="CurriculumPlan.FromDefaults"/> gives a model's default stages for a number of epochs.
    /// </summary>
    public CurriculumPlan? Curriculum { get; init; }

    /// <summary>The user's program a <c>command</c> trial runs; null for every other model.</summary>
    public TrialProgram? Program { get; init; }

    /// <summary>What the program is told about its trial and MLflow run (placeholders and environment); null outside a worker.</summary>
    public ProgramContext? ProgramContext { get; init; }
}
