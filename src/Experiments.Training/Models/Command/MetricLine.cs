using System.Globalization;

namespace Experiments.Training.Models.Command;

/// <summary>
/// One line of a program's standard output that reports metrics: nothing but <c>name=number</c> pairs separated by
/// spaces (or commas), e.g. <c>loss=0.412 accuracy=0.87 epoch=3</c>. <c>epoch</c> (1-based) and <c>step</c> (from 0)
/// are reserved: they say where the line's metrics belong. Any other line is ordinary output.
/// </summary>
internal sealed record MetricLine(IReadOnlyDictionary<string, double> Metrics, int? Epoch, long? Step)
{
    public const string EpochKey = "epoch";
    public const string StepKey = "step";

    private static readonly char[] Separators = [' ', '\t', ','];

    /// <summary>The line's metrics, or null when it is ordinary output.</summary>
    public static MetricLine? TryParse(string line)
    {
        var tokens = line.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (tokens.Length == 0)
        {
            return null;
        }

        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        int? epoch = null;
        long? step = null;
        foreach (var token in tokens)
        {
            var equals = token.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || !IsName(token.AsSpan(0, equals)))
            {
                return null;
            }

            var name = token[..equals];
            var text = token[(equals + 1)..];
            if (name == EpochKey || name == StepKey)
            {
                if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var index)
                    || index < (name == EpochKey ? 1 : 0) || (name == EpochKey && index > int.MaxValue))
                {
                    return null;
                }

                if (name == EpochKey)
                {
                    epoch = (int)index;
                }
                else
                {
                    step = index;
                }

                continue;
            }

            if (!TryParseValue(text, out var value))
            {
                return null;
            }

            metrics[name] = value;
        }

        return metrics.Count == 0 ? null : new MetricLine(metrics, epoch, step);
    }

    /// <summary>A number as Python and C print them, including nan and inf (a diverged loss is still a report).</summary>
    private static bool TryParseValue(string text, out double value)
    {
        switch (text.ToLowerInvariant())
        {
            case "nan":
                value = double.NaN;
                return true;
            case "inf" or "+inf" or "infinity":
                value = double.PositiveInfinity;
                return true;
            case "-inf" or "-infinity":
                value = double.NegativeInfinity;
                return true;
        }

        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Names MLflow accepts as metric keys and people use: a letter or '_' first, then letters, digits, '_', '-', '.', '/'.</summary>
    private static bool IsName(ReadOnlySpan<char> name)
    {
        if (!(char.IsAsciiLetter(name[0]) || name[0] == '_'))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/'))
            {
                return false;
            }
        }

        return true;
    }
}
