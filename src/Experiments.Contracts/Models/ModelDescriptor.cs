namespace Experiments.Contracts.Models;

/// <summary>
/// What the control plane knows about a model family without loading it: its hyperparameters,
/// the metrics it reports, the data sets it can train on and its curriculum.
/// </summary>
public sealed record ModelDescriptor(
    string Name,
    string Description,
    IReadOnlyList<string> Datasets,
    IReadOnlyList<HyperparameterDescriptor> Hyperparameters,
    IReadOnlyList<MetricDescriptor> Metrics)
{
    /// <summary>The settings curriculum stages may change and the family's default stages.</summary>
    public CurriculumDescriptor Curriculum { get; init; } = CurriculumDescriptor.None;

    public HyperparameterDescriptor? FindHyperparameter(string name) =>
        Hyperparameters.FirstOrDefault(h => h.Name == name);

    public MetricDescriptor? FindMetric(string name) => Metrics.FirstOrDefault(m => m.Name == name);
}
