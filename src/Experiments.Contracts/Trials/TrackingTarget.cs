namespace Experiments.Contracts.Trials;

/// <summary>Where a trial's MLflow run belongs: the experiment and the sweep's parent run.</summary>
public sealed record TrackingTarget(string ExperimentId, string ParentRunId);
