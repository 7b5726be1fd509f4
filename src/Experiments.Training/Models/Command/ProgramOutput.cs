using System.Text;

namespace Experiments.Training.Models.Command;

/// <summary>
/// Everything a program wrote to standard output and error, in arrival order and bounded in size: the whole of it
/// becomes the run's <c>output.log</c> artifact, its last lines go into a failure's reason.
/// </summary>
internal sealed class ProgramOutput
{
    /// <summary>Characters kept for the log; a chatty program loses its oldest lines, never memory.</summary>
    public const int MaxLogCharacters = 4 << 20;

    private readonly Lock gate = new();
    private readonly Queue<string> lines = new();
    private long characters;
    private long droppedLines;

    public void Add(string line)
    {
        lock (gate)
        {
            lines.Enqueue(line);
            characters += line.Length + 1;
            while (characters > MaxLogCharacters && lines.Count > 1)
            {
                characters -= lines.Dequeue().Length + 1;
                droppedLines++;
            }
        }
    }

    /// <summary>The last lines, at most <paramref name="maxCharacters"/> of them (cut at the front), for a failure reason.</summary>
    public string Tail(int maxLines = 20, int maxCharacters = 2000)
    {
        lock (gate)
        {
            var tail = string.Join('\n', lines.Skip(Math.Max(0, lines.Count - maxLines)));
            return tail.Length <= maxCharacters ? tail : "..." + tail[^maxCharacters..];
        }
    }

    public byte[] ToLogFile()
    {
        lock (gate)
        {
            var text = new StringBuilder();
            if (droppedLines > 0)
            {
                text.Append("[").Append(droppedLines).Append(" earlier lines not kept]\n");
            }

            foreach (var line in lines)
            {
                text.Append(line).Append('\n');
            }

            return Encoding.UTF8.GetBytes(text.ToString());
        }
    }
}
