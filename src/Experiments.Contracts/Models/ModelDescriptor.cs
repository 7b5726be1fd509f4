namespace Experiments.Contracts.Models;

/// <summary>
/// What the control plane knows about a model family without loading it: its hyperparameters,
/// the metrics it reports, the data sets it can train on and its curriculum.
/// </summary>
/// <param name="Datasets">The built-in data sets it trains on, by name (a family of images also trains on folders of them).</param>
/// <param name="Metrics">Every metric it reports on some data; <see cref="MetricsFor"/> gives those of one kind of data.</param>
public sealed record ModelDescriptor(
    string Name,
    string Description,
    IReadOnlyList<string> Datasets,
    IReadOnlyList<HyperparameterDescriptor> Hyperparameters,
    IReadOnlyList<MetricDescriptor> Metrics)
{
    /// <summary>The settings curriculum stages may change and the family's default stages.</summary>
    public CurriculumDescriptor Curriculum { get; init; } = CurriculumDescriptor.None;

    /// <summary>
    /// True for the model that runs the user's own program (<c>command</c>): its hyperparameters and metrics are whatever
    /// the program takes and prints, so they are not listed, and it needs no data set.
    /// </summary>
    public bool RunsUserProgram { get; init; }

    public HyperparameterDescriptor? FindHyperparameter(string name) =>
        Hyperparameters.FirstOrDefault(h => h.Name == name);

    public MetricDescriptor? FindMetric(string name) => Metrics.FirstOrDefault(m => m.Name == name);

    /// <summary>The metrics it reports per epoch when it trains on <paramref name="kind"/> of data.</summary>
    public IReadOnlyList<MetricDescriptor> MetricsFor(DataKind kind) => [.. Metrics.Where(m => m.IsReportedOn(kind))];
}
