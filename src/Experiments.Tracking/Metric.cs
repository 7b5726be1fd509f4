namespace Experiments.Tracking;

/// <summary>One metric point: MLflow keeps every (timestamp, step) point, not only the last value.</summary>
public sealed record Metric(string Key, double Value, long TimestampMs, long Step);
