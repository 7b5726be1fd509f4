using System.Globalization;

namespace Experiments.Tracking.Tests.Support;

/// <summary>
/// Checks an mlruns folder the way MLflow's FileStore reads it: one malformed metric file (empty, or a line without
/// 2 or 3 fields) makes MLflow refuse the whole experiment, so every metric file of every run must parse.
/// </summary>
public static class MlflowReadability
{
    public static void AssertReadable(string root)
    {
        foreach (var experiment in Directory.GetDirectories(root).Where(d => Path.GetFileName(d).All(char.IsAsciiDigit)))
        {
            foreach (var run in Directory.GetDirectories(experiment).Where(d => File.Exists(Path.Combine(d, "meta.yaml"))))
            {
                var runId = Path.GetFileName(run);
                var meta = File.ReadAllLines(Path.Combine(run, "meta.yaml"));
                Assert.Contains(meta, line => line == $"run_id: {runId}" || line == $"run_id: '{runId}'"); // MLflow skips a run whose ids differ
                Assert.DoesNotContain(Directory.GetFiles(run), f => f.EndsWith(".tmp", StringComparison.Ordinal));
                var metrics = Path.Combine(run, "metrics");
                foreach (var file in Directory.Exists(metrics) ? Directory.GetFiles(metrics, "*", SearchOption.AllDirectories) : [])
                {
                    AssertMetricFileParses(file);
                }
            }
        }
    }

    public static void AssertMetricFileParses(string file)
    {
        var text = File.ReadAllText(file);
        Assert.False(text.Length == 0, $"{file} is empty: MLflow reports 'Metric is malformed. No data found.'");
        Assert.True(text.EndsWith('\n'), $"{file} ends in a partial line: '{text[(text.LastIndexOf('\n') + 1)..]}'");
        foreach (var line in text[..^1].Split('\n'))
        {
            var fields = line.Trim().Split(' ');
            Assert.True(fields.Length is 2 or 3, $"{file}: line '{line}' has {fields.Length} fields; MLflow expects 2 or 3");
            Assert.True(long.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out _), $"{file}: bad timestamp in '{line}'");
            Assert.True(
                fields[1] is "nan" or "inf" or "-inf" || double.TryParse(fields[1], NumberStyles.Float, CultureInfo.InvariantCulture, out _),
                $"{file}: bad value in '{line}'");
            Assert.True(fields.Length == 2 || long.TryParse(fields[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out _), $"{file}: bad step in '{line}'");
        }
    }
}
