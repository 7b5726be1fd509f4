namespace Experiments.Bench;

/// <summary>One measured training loop (one process): throughput after warm-up and RSS over the run.</summary>
internal sealed record TrainingPartResult(
    string Part,
    long Steps,
    int Epochs,
    int WarmupSteps,
    double StepsPerSecond,
    double TrainOnlyStepsPerSecond,
    double SetupSeconds,
    double TotalSeconds,
    double RssStartMiB,
    double RssAfterWarmupMiB,
    double RssPeakMiB,
    double RssEndMiB,
    double RssEndAfterGcMiB,
    double SlopeMiBPer1000Steps,
    double NativeSlopeMiBPer1000Steps,
    IReadOnlyList<RssSample> Samples,
    double MedianEpochStepsPerSecond,
    double LoadAverage,
    bool Quiet);
