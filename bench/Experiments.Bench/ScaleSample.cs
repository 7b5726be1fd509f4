namespace Experiments.Bench;

/// <summary>
/// One look at a long sweep (sweep-scale): seconds since it started, trials finished, process RSS, managed heap
/// (garbage included: no collection is forced, so the sweep is not disturbed), and the size of the sweep's own state file.
/// </summary>
internal sealed record ScaleSample(double Seconds, int Finished, double RssMiB, double ManagedMiB, long SweepFileBytes);
