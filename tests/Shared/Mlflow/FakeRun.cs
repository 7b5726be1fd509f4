using Experiments.Tracking;
namespace Experiments.Testing.Mlflow;

/// <summary>The fake server's state of one run.</summary>
public sealed class FakeRun(string runId, string experimentId, string runName, long startTime)
{
    public string RunId { get; } = runId;

    public string ExperimentId { get; } = experimentId;

    public string RunName { get; } = runName;

    public long StartTime { get; } = startTime;

    public string Status { get; set; } = "RUNNING";

    public long? EndTime { get; set; }

    public Dictionary<string, string> Params { get; } = new(StringComparer.Ordinal);

    public Dictionary<string, string> Tags { get; } = new(StringComparer.Ordinal);

    public List<Metric> Metrics { get; } = [];
}
