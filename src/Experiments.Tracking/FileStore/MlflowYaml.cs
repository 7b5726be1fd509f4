using System.Globalization;
using System.Text;

namespace Experiments.Tracking.FileStore;

/// <summary>
/// The small YAML subset of MLflow's meta.yaml files: one <c>key: scalar</c> per line, as PyYAML's
/// <c>safe_dump</c> writes them (and reads them back, including its wrapped continuation lines).
/// </summary>
internal static class MlflowYaml
{
    // Words PyYAML resolves to bool or null: a string with this text must be quoted to stay a string.
    private static readonly HashSet<string> ReservedWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~",
    };

    /// <summary>A string as a plain scalar when that reads back as the same string, else quoted.</summary>
    public static string String(string value) => IsSafePlain(value) ? value : Quoted(value);

    /// <summary>A string that is always quoted, as MLflow writes <c>experiment_id: '0'</c>.</summary>
    public static string Quoted(string value)
    {
        if (!value.Any(char.IsControl))
        {
            return "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
        }

        // Single-quoted scalars cannot carry control characters (line breaks fold), double-quoted ones escape them.
        var builder = new StringBuilder("\"");
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                default:
                    if (char.IsControl(c))
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    public static string NullableInteger(long? value) => value is null ? "null" : Integer(value.Value);

    /// <summary>Renders entries as <c>key: value</c> lines; values must already be YAML scalars.</summary>
    public static string Render(IEnumerable<KeyValuePair<string, string>> entries)
    {
        var builder = new StringBuilder();
        foreach (var (key, value) in entries)
        {
            builder.Append(key).Append(": ").Append(value).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>Parses top-level <c>key: scalar</c> entries; null for YAML null. Non-scalar values are returned raw.</summary>
    public static Dictionary<string, string?> Parse(string text)
    {
        var raw = new List<(string Key, List<string> Lines)>();
        foreach (var line in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length == 0 || line.TrimStart().StartsWith('#'))
            {
                continue;
            }

            if (char.IsWhiteSpace(line[0]) || line.StartsWith("- ", StringComparison.Ordinal))
            {
                // Continuation of a wrapped scalar (or a block sequence item of the previous key).
                if (raw.Count > 0)
                {
                    raw[^1].Lines.Add(line.Trim());
                }

                continue;
            }

            var colon = line.IndexOf(": ", StringComparison.Ordinal);
            string key;
            string rest;
            if (colon >= 0)
            {
                key = line[..colon];
                rest = line[(colon + 2)..];
            }
            else if (line.EndsWith(':'))
            {
                key = line[..^1];
                rest = string.Empty;
            }
            else
            {
                continue;
            }

            raw.Add((key.Trim(), [rest.Trim()]));
        }

        var result = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, lines) in raw)
        {
            result[key] = DecodeScalar(lines);
        }

        return result;
    }

    private static string? DecodeScalar(List<string> lines)
    {
        var first = lines[0];
        if (first.StartsWith('\''))
        {
            var joined = string.Join(' ', lines);
            var end = joined.LastIndexOf('\'');
            var inner = end > 0 ? joined[1..end] : joined[1..];
            return inner.Replace("''", "'", StringComparison.Ordinal);
        }

        if (first.StartsWith('"'))
        {
            return DecodeDoubleQuoted(lines);
        }

        var plain = string.Join(' ', lines.Where(l => l.Length > 0));
        return plain is "" or "null" or "Null" or "NULL" or "~" ? null : plain;
    }

    private static string DecodeDoubleQuoted(List<string> lines)
    {
        // PyYAML ends a wrapped double-quoted line with '\' when the break must not become a space.
        var joined = new StringBuilder();
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (i < lines.Count - 1 && line.EndsWith('\\') && !line.EndsWith("\\\\", StringComparison.Ordinal))
            {
                joined.Append(line, 0, line.Length - 1);
            }
            else
            {
                joined.Append(line);
                if (i < lines.Count - 1)
                {
                    joined.Append(' ');
                }
            }
        }

        var text = joined.ToString();
        var end = text.LastIndexOf('"');
        var inner = end > 0 ? text[1..end] : text[1..];
        var builder = new StringBuilder(inner.Length);
        for (var i = 0; i < inner.Length; i++)
        {
            var c = inner[i];
            if (c != '\\' || i == inner.Length - 1)
            {
                builder.Append(c);
                continue;
            }

            var escape = inner[++i];
            switch (escape)
            {
                case 'n': builder.Append('\n'); break;
                case 'r': builder.Append('\r'); break;
                case 't': builder.Append('\t'); break;
                case '0': builder.Append('\0'); break;
                case ' ': builder.Append(' '); break;
                case '/': builder.Append('/'); break;
                case 'x' when i + 2 < inner.Length:
                    builder.Append((char)int.Parse(inner.AsSpan(i + 1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 2;
                    break;
                case 'u' when i + 4 < inner.Length:
                    builder.Append((char)int.Parse(inner.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
                    i += 4;
                    break;
                case 'U' when i + 8 < inner.Length:
                    builder.Append(char.ConvertFromUtf32(int.Parse(inner.AsSpan(i + 1, 8), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
                    i += 8;
                    break;
                default: builder.Append(escape); break;
            }
        }

        return builder.ToString();
    }

    private static bool IsSafePlain(string value)
    {
        if (value.Length == 0 || ReservedWords.Contains(value))
        {
            return false;
        }

        // Must start with a letter or '/' so it can never resolve as a number, timestamp or YAML indicator.
        if (!(char.IsAsciiLetter(value[0]) || value[0] == '/'))
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' or '.' or '/' or ':' or '%'))
            {
                return false;
            }
        }

        return !value.EndsWith(':');
    }
}
