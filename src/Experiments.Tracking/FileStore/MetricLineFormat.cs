using System.Globalization;

namespace Experiments.Tracking.FileStore;

/// <summary>MLflow's metric file line: <c>&lt;timestamp_ms&gt; &lt;value&gt; &lt;step&gt;</c>, values as Python prints floats.</summary>
internal static class MetricLineFormat
{
    public static string Format(Metric metric) =>
        string.Create(CultureInfo.InvariantCulture, $"{metric.TimestampMs} {FormatValue(metric.Value)} {metric.Step}\n");

    public static string FormatValue(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-inf";
        }

        // "R" round-trips every double; Python's float() reads its "1E-05" exponent form too.
        return value.ToString("R", CultureInfo.InvariantCulture);
    }

    public static double ParseValue(string text) => text.ToLowerInvariant() switch
    {
        "nan" or "-nan" => double.NaN,
        "inf" or "+inf" or "infinity" => double.PositiveInfinity,
        "-inf" or "-infinity" => double.NegativeInfinity,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    /// <summary>Parses one line; older MLflow versions wrote <c>timestamp value</c> without a step (step 0).</summary>
    public static Metric Parse(string key, string line)
    {
        var parts = line.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length < 2)
        {
            throw new FormatException($"Malformed line '{line}' in metric file '{key}'.");
        }

        var timestamp = long.Parse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture);
        var value = ParseValue(parts[1]);
        var step = parts.Length >= 3 ? long.Parse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture) : 0;
        return new Metric(key, value, timestamp, step);
    }
}
