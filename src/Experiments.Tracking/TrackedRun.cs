namespace Experiments.Tracking;

/// <summary>A run as read back from the tracking backend.</summary>
public sealed record TrackedRun(
    string RunId,
    string ExperimentId,
    string RunName,
    RunStatus Status,
    long StartTimeMs,
    long? EndTimeMs,
    IReadOnlyDictionary<string, string> Tags,
    IReadOnlyDictionary<string, string> Params);
