using System.Text;

namespace Experiments.Contracts.Programs;

/// <summary>
/// The <c>{name}</c> placeholders of a <see cref="TrialProgram"/>'s arguments: found when a spec is validated (an
/// unknown name is an error there) and filled in by the worker that starts the program.
/// </summary>
public static class ProgramPlaceholders
{
    /// <summary>
    /// <c>{args}</c>, a whole argument on its own: becomes one <c>--name=value</c> argument per parameter the trial has
    /// (as W&amp;B's <c>${args}</c>), so a parameter that a condition switches off is simply not passed.
    /// </summary>
    public const string AllParameters = "args";

    /// <summary>What every trial can pass besides its parameters.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } =
        [AllParameters, "trial_id", "trial_number", "attempt", "seed", "epochs", "dataset", "parameters_file", "run_id", "tracking_uri"];

    /// <summary>The placeholder names in <paramref name="template"/>, in order; throws <see cref="FormatException"/> for a lone brace or an empty name.</summary>
    public static IReadOnlyList<string> Find(string template)
    {
        var names = new List<string>();
        Expand(template, name =>
        {
            names.Add(name);
            return string.Empty;
        });
        return names;
    }

    /// <summary>
    /// <paramref name="template"/> with every placeholder replaced by <paramref name="valueOf"/>'s answer; throws
    /// <see cref="FormatException"/> (naming the column) for a lone brace or an empty name.
    /// </summary>
    public static string Expand(string template, Func<string, string> valueOf)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(valueOf);
        var text = new StringBuilder(template.Length);
        for (var i = 0; i < template.Length; i++)
        {
            var c = template[i];
            if (c == '}')
            {
                if (i + 1 < template.Length && template[i + 1] == '}')
                {
                    text.Append('}');
                    i++;
                    continue;
                }

                throw new FormatException($"a lone '}}' at character {i + 1} (write '}}}}' for a literal brace)");
            }

            if (c != '{')
            {
                text.Append(c);
                continue;
            }

            if (i + 1 < template.Length && template[i + 1] == '{')
            {
                text.Append('{');
                i++;
                continue;
            }

            var end = template.IndexOf('}', i + 1);
            if (end < 0)
            {
                throw new FormatException($"the '{{' at character {i + 1} is never closed (write '{{{{' for a literal brace)");
            }

            var name = template[(i + 1)..end];
            if (name.Length == 0 || name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '_' or '.' or '-')))
            {
                throw new FormatException($"'{{{name}}}' at character {i + 1} is not a placeholder; a placeholder is a parameter name in braces, e.g. {{learning_rate}}");
            }

            text.Append(valueOf(name));
            i = end;
        }

        return text.ToString();
    }
}
