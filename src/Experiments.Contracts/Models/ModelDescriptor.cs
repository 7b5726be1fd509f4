namespace Experiments.Contracts.Models;

/// <summary>
/// What the control plane knows about a model family without loading it: its hyperparameters,
/// the metrics it reports and the data sets it can train on.
/// </summary>
public sealed record ModelDescriptor(
    string Name,
    string Description,
    IReadOnlyList<string> Datasets,
    IReadOnlyList<HyperparameterDescriptor> Hyperparameters,
    IReadOnlyList<MetricDescriptor> Metrics)
{
    public HyperparameterDescriptor? FindHyperparameter(string name) =>
        Hyperparameters.FirstOrDefault(h => h.Name == name);

    public MetricDescriptor? FindMetric(string name) => Metrics.FirstOrDefault(m => m.Name == name);
}
