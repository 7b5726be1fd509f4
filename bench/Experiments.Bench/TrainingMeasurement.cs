namespace Experiments.Bench;

/// <summary>Turns a training part's step count, timings and RSS samples into its result (throughput, RSS slope after warm-up).</summary>
internal static class TrainingMeasurement
{
    public static TrainingPartResult Summarize(
        string part, long steps, int epochs, int warmupSteps, double rate, double trainOnly, double setupSeconds, double totalSeconds, List<RssSample> samples, double endRss)
    {
        var afterWarmup = samples.Where(s => s.Step >= warmupSteps).ToList();
        var slope = Slope(afterWarmup, s => s.RssMiB) * 1000;
        var nativeSlope = RobustSlope(afterWarmup, s => s.NativeMiB) * 1000;
        var peak = Math.Max(samples.Max(s => s.RssMiB), Machine.PeakRssMiB());
        // Garbage not yet collected (PNG bytes, metric dictionaries, finalisable tensor handles) is not a leak.
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var afterGc = Machine.RssMiB();
        return new TrainingPartResult(
            part, steps, epochs, warmupSteps, rate, trainOnly, setupSeconds, totalSeconds,
            samples[0].RssMiB, afterWarmup.FirstOrDefault()?.RssMiB ?? double.NaN, peak, endRss, afterGc, slope, nativeSlope, samples,
            MedianEpochRate(samples, warmupSteps), double.NaN, true);
    }

    /// <summary>
    /// The median over the epochs after warm-up of each epoch's steps/s, from one memory sample (taken at every epoch's
    /// end) to the next, less the time the sample itself took. Neighbours' bursts on shared cores slow a few epochs;
    /// the median of many epochs is what the code costs.
    /// </summary>
    public static double MedianEpochRate(IReadOnlyList<RssSample> samples, int warmupSteps)
    {
        var rates = samples.Zip(samples.Skip(1))
            .Where(pair => pair.First.Step >= warmupSteps && pair.Second.Step > pair.First.Step)
            .Select(pair => (pair.Second.Step - pair.First.Step) / (pair.Second.Seconds - pair.First.Seconds - pair.First.TookSeconds))
            .Order()
            .ToList();
        return Median(rates);
    }

    public static double Median(IReadOnlyList<double> sortedValues) => sortedValues.Count == 0 ? double.NaN
        : sortedValues.Count % 2 == 1 ? sortedValues[sortedValues.Count / 2]
        : (sortedValues[(sortedValues.Count / 2) - 1] + sortedValues[sortedValues.Count / 2]) / 2;

    /// <summary>
    /// Theil–Sen slope (the median of the slopes between every pair of samples) of a memory figure against step: a steady
    /// leak shows in it, while libtorch's allocator holding or returning a block now and then (a saw-tooth) does not.
    /// </summary>
    public static double RobustSlope(IReadOnlyList<RssSample> samples, Func<RssSample, double> memory)
    {
        var slopes = new List<double>();
        for (var i = 0; i < samples.Count; i++)
        {
            for (var j = i + 1; j < samples.Count; j++)
            {
                slopes.Add((memory(samples[j]) - memory(samples[i])) / (samples[j].Step - samples[i].Step));
            }
        }

        if (slopes.Count == 0)
        {
            return double.NaN;
        }

        slopes.Sort();
        return slopes.Count % 2 == 1 ? slopes[slopes.Count / 2] : (slopes[(slopes.Count / 2) - 1] + slopes[slopes.Count / 2]) / 2;
    }

    /// <summary>Least-squares slope of a memory figure (MiB) against step.</summary>
    public static double Slope(IReadOnlyList<RssSample> samples, Func<RssSample, double> memory)
    {
        if (samples.Count < 2)
        {
            return double.NaN;
        }

        var meanX = samples.Average(s => (double)s.Step);
        var meanY = samples.Average(memory);
        var covariance = samples.Sum(s => (s.Step - meanX) * (memory(s) - meanY));
        var variance = samples.Sum(s => (s.Step - meanX) * (s.Step - meanX));
        return covariance / variance;
    }
}
