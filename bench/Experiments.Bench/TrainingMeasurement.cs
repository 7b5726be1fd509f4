namespace Experiments.Bench;

/// <summary>Turns a training part's step count, timings and RSS samples into its result (throughput, RSS slope after warm-up).</summary>
internal static class TrainingMeasurement
{
    public static TrainingPartResult Summarize(
        string part, long steps, int epochs, int warmupSteps, double rate, double trainOnly, double setupSeconds, double totalSeconds, List<RssSample> samples, double endRss)
    {
        var afterWarmup = samples.Where(s => s.Step >= warmupSteps).ToList();
        var slope = Slope(afterWarmup) * 1000;
        var peak = Math.Max(samples.Max(s => s.RssMiB), Machine.PeakRssMiB());
        // Garbage not yet collected (PNG bytes, metric dictionaries, finalisable tensor handles) is not a leak.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var afterGc = Machine.RssMiB();
        return new TrainingPartResult(
            part, steps, epochs, warmupSteps, rate, trainOnly, setupSeconds, totalSeconds,
            samples[0].RssMiB, afterWarmup.FirstOrDefault()?.RssMiB ?? double.NaN, peak, endRss, afterGc, slope, samples, double.NaN, true);
    }

    /// <summary>Least-squares slope of RSS (MiB) against step.</summary>
    public static double Slope(IReadOnlyList<RssSample> samples)
    {
        if (samples.Count < 2)
        {
            return double.NaN;
        }

        var meanX = samples.Average(s => (double)s.Step);
        var meanY = samples.Average(s => s.RssMiB);
        var covariance = samples.Sum(s => (s.Step - meanX) * (s.RssMiB - meanY));
        var variance = samples.Sum(s => (s.Step - meanX) * (s.Step - meanX));
        return covariance / variance;
    }
}
