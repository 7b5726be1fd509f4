using System.Diagnostics.Metrics;

namespace Experiments.WorkerRuntime;

/// <summary>The worker's OpenTelemetry instruments (meter "Experiments", exported by ServiceDefaults).</summary>
public static class WorkerMetrics
{
    private static readonly Meter Meter = new("Experiments");

    /// <summary>From the trial grain's decision to this worker's start of the attempt: broker and queueing time.</summary>
    public static readonly Histogram<double> DispatchLatency = Meter.CreateHistogram<double>(
        "experiments.trial.dispatch_latency", unit: "ms", description: "Time from a trial attempt's dispatch by its grain to its start on a worker slot");
}
