namespace Experiments.Contracts.Models;

/// <summary>A metric a model reports per epoch, with the direction in which it improves.</summary>
/// <param name="ReportedOn">The kind of data it is reported on (pixel Frechet distance on images, modes captured on points); null: on every kind.</param>
/// <param name="OnlyWith">
/// The hyperparameter that turns it on: it is reported only by trials that set that hyperparameter to a value other
/// than its default (anomaly metrics need <c>anomaly_class</c>); null: always reported.
/// </param>
public sealed record MetricDescriptor(string Name, ObjectiveGoal Improves, string Description, DataKind? ReportedOn = null, string? OnlyWith = null)
{
    public bool IsReportedOn(DataKind kind) => ReportedOn is null || ReportedOn == kind;
}
