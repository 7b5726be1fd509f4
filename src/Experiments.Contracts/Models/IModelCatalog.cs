namespace Experiments.Contracts.Models;

/// <summary>
/// The model families workers can train, as the control plane sees them (names, hyperparameters, metrics, data sets),
/// without loading any of them. Specs are checked against it, so a typo fails before any trial is scheduled.
/// </summary>
public interface IModelCatalog
{
    IReadOnlyList<ModelDescriptor> All { get; }

    ModelDescriptor? Find(string name);
}
