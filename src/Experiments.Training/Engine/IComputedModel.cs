using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Training.Engine;

/// <summary>
/// A model whose trials compute their metrics directly instead of training networks (the <c>function</c> model): it
/// never loads libtorch, so a sweep of it runs anywhere in seconds. Registered in <see cref="Models.ModelFamilies"/>
/// beside the trained families; the catalog lists both.
/// </summary>
internal interface IComputedModel
{
    ModelDescriptor Descriptor { get; }

    /// <summary>
    /// Runs one trial with its hyperparameters already checked and defaulted. Reports each epoch to the observer,
    /// stops within an epoch of cancellation, and throws <see cref="TrainingParameterException"/> for a request the
    /// model cannot run (naming the parameter).
    /// </summary>
    Task<TrainingResult> RunAsync(
        TrainingRequest request, IReadOnlyDictionary<string, ParameterValue> hyperparameters, ITrainingObserver observer, CancellationToken cancellationToken);
}
