using System.Text;

namespace Experiments.Specs;

/// <summary>
/// Splits <c>command: python3 train.py --lr {lr}</c> into arguments the way a POSIX shell would split words (spaces
/// separate, 'single' and "double" quotes group, a backslash escapes), without running a shell: no variables, globs
/// or pipes. Programs that need a shell say so: <c>[sh, -c, "..."]</c>.
/// </summary>
internal static class CommandLineSplitter
{
    /// <summary>The words, or a problem saying what is wrong and where.</summary>
    public static (IReadOnlyList<string>? Words, string? Problem) Split(string line)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        var quoteStart = 0;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote == '\'')
            {
                if (c == '\'')
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }

                continue;
            }

            if (c == '\\' && i + 1 < line.Length && (quote is null || line[i + 1] is '"' or '\\'))
            {
                word.Append(line[++i]);
                inWord = true;
                continue;
            }

            if (quote == '"')
            {
                if (c == '"')
                {
                    quote = null;
                }
                else
                {
                    word.Append(c);
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = c;
                quoteStart = i;
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    inWord = false;
                }
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quote is { } open)
        {
            return (null, $"the {open} quote at character {quoteStart + 1} is never closed");
        }

        if (inWord)
        {
            words.Add(word.ToString());
        }

        return (words, null);
    }
}
