using Experiments.Contracts.Models;
using Experiments.Training.Datasets;

namespace Experiments.Training.Engine;

/// <summary>
/// A model family: what the control plane knows of it (<see cref="Descriptor"/>, read without loading libtorch) and
/// how to build one training run of it. The shared <see cref="TrainingLoop"/> owns everything else (seeding, data on
/// the device, shuffling, dispose scopes, cancellation, logging cadence, evaluation, artifacts). A family is one folder
/// under Models/ and one line in <see cref="Models.ModelFamilies"/>.
/// </summary>
internal interface IModelFamily
{
    ModelDescriptor Descriptor { get; }

    /// <summary>Null when the family can train on <paramref name="data"/>; else why not, in one sentence.</summary>
    string? CheckData(TrainingData data);

    /// <summary>Builds the networks and optimisers. Called after the loop seeded libtorch, under its seeding lock.</summary>
    IModelRun CreateRun(ModelRunSettings settings);
}
