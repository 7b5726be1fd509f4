namespace Experiments.Contracts.Trials;

/// <summary>
/// Where a trial's MLflow run belongs: the experiment (by name) and the key of the sweep's parent run. Names and keys,
/// not MLflow ids, so a trial can start while MLflow is unreachable: the worker's outbox resolves them on delivery.
/// </summary>
public sealed record TrackingTarget(string ExperimentName, string ParentRunKey);
