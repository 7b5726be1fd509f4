using System.Diagnostics;
using System.Globalization;

namespace Experiments.Bench;

/// <summary>
/// What one trial's run holds in MLflow's file store, read from disk (mlruns/&lt;experiment&gt;/&lt;run key&gt;): its status
/// code in meta.yaml (3 FINISHED) and the lines and distinct steps of one metric file. A run is closed only after all
/// its metrics are in, so FINISHED with every line means the workers' outboxes delivered that run.
/// </summary>
/// <param name="MedianGapMs">Median time between consecutive steps by the metric's own timestamps (the worker's clock when
/// it reported them): how fast one trial's reports went out.</param>
/// <param name="MeanGapMs">The same on average: the first point to the last over the gaps between them, stalls included.</param>
internal sealed record MlflowRunLines(string RunKey, int? Status, int Lines, int DistinctSteps, double MedianGapMs = double.NaN, double MeanGapMs = double.NaN)
{
    public const int Finished = 3;

    public static MlflowRunLines Read(string mlruns, string runKey, string metric)
    {
        var folder = Directory.Exists(mlruns)
            ? Directory.EnumerateDirectories(mlruns).Select(e => Path.Combine(e, runKey)).FirstOrDefault(Directory.Exists)
            : null;
        if (folder is null)
        {
            return new MlflowRunLines(runKey, null, 0, 0);
        }

        try
        {
            var status = File.ReadLines(Path.Combine(folder, "meta.yaml"))
                .Where(line => line.StartsWith("status:", StringComparison.Ordinal))
                .Select(line => (int?)int.Parse(line["status:".Length..].Trim(), CultureInfo.InvariantCulture))
                .FirstOrDefault();
            var file = Path.Combine(folder, "metrics", metric);
            var lines = File.Exists(file) ? File.ReadAllLines(file).Where(line => line.Length > 0).ToList() : [];
            var points = lines.Select(line => line.Split(' ')).Select(f => (Time: long.Parse(f[0], CultureInfo.InvariantCulture), Step: long.Parse(f[^1], CultureInfo.InvariantCulture))).ToList();
            var steps = points.Select(p => p.Step).Distinct().Count();
            var gaps = points.OrderBy(p => p.Step).Zip(points.OrderBy(p => p.Step).Skip(1), (x, y) => (double)(y.Time - x.Time)).Order().ToList();
            return gaps.Count == 0
                ? new MlflowRunLines(runKey, status, lines.Count, steps)
                : new MlflowRunLines(runKey, status, lines.Count, steps, gaps[gaps.Count / 2], gaps.Average());
        }
        catch (Exception exception) when (exception is IOException or FormatException)
        {
            // Being written right now: read again on the next look.
            return new MlflowRunLines(runKey, null, 0, 0);
        }
    }

    /// <summary>
    /// Reads the runs every second until each is FINISHED with <paramref name="expectedLines"/> lines, or the timeout
    /// passes; returns the last reading and how long the wait took.
    /// </summary>
    public static async Task<(IReadOnlyList<MlflowRunLines> Runs, double Seconds)> WaitForAsync(
        string mlruns, IReadOnlyList<string> runKeys, string metric, int expectedLines, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var runs = runKeys.Select(key => Read(mlruns, key, metric)).ToList();
            if (runs.All(r => r.Status == Finished && r.Lines == expectedLines) || clock.Elapsed > timeout)
            {
                return (runs, clock.Elapsed.TotalSeconds);
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }
}
