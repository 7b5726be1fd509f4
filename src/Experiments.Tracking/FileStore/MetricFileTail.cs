using Microsoft.Win32.SafeHandles;

namespace Experiments.Tracking.FileStore;

/// <summary>
/// Reads and fixes the end of a metric file. MLflow refuses a whole experiment when one metric line is malformed, so a
/// line cut short (a write interrupted by a crash or a full disk) must never stay at the end of a file.
/// </summary>
internal static class MetricFileTail
{
    private const int ChunkSize = 4096;

    /// <summary>Truncates the file after its last newline (an interrupted line, or zeros a power loss left); returns the bytes removed.</summary>
    public static long TrimPartialLine(SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        var completeLength = CompleteLength(handle, length);
        if (completeLength == length)
        {
            return 0;
        }

        RandomAccess.SetLength(handle, completeLength);
        RandomAccess.FlushToDisk(handle);
        return length - completeLength;
    }

    /// <summary>
    /// How many leading bytes of <paramref name="lines"/> (whole lines) the file already ends with, starting at a line
    /// start: the part an earlier attempt of the same call wrote before its success got lost (a crash, or an undo that
    /// failed). A point equal to the file's last point in timestamp, value and step is the same point, so skipping it
    /// loses nothing.
    /// </summary>
    public static int AlreadyWrittenPrefix(SafeFileHandle handle, ReadOnlySpan<byte> lines)
    {
        var length = RandomAccess.GetLength(handle);
        if (length == 0 || lines.Length == 0)
        {
            return 0;
        }

        // The tail as long as the new lines plus one byte, to check the match starts right after a newline.
        var tailLength = (int)Math.Min(length, lines.Length + 1L);
        var tail = new byte[tailLength];
        ReadExactly(handle, tail, length - tailLength);

        for (var prefix = lines.Length; prefix > 0; prefix = lines[..(prefix - 1)].LastIndexOf((byte)'\n') + 1)
        {
            if (prefix > length || lines[prefix - 1] != '\n')
            {
                continue;
            }

            var startsAtLine = prefix == length || tail[tailLength - prefix - 1] == '\n';
            if (startsAtLine && tail.AsSpan(tailLength - prefix).SequenceEqual(lines[..prefix]))
            {
                return prefix;
            }
        }

        return 0;
    }

    private static long CompleteLength(SafeFileHandle handle, long length)
    {
        var buffer = new byte[ChunkSize];
        var end = length;
        while (end > 0)
        {
            var start = Math.Max(0, end - ChunkSize);
            var chunk = buffer.AsSpan(0, (int)(end - start));
            ReadExactly(handle, chunk, start);
            var newline = chunk.LastIndexOf((byte)'\n');
            if (newline >= 0)
            {
                return start + newline + 1;
            }

            end = start;
        }

        return 0;
    }

    private static void ReadExactly(SafeFileHandle handle, Span<byte> buffer, long offset)
    {
        while (buffer.Length > 0)
        {
            var read = RandomAccess.Read(handle, buffer, offset);
            if (read == 0)
            {
                throw new EndOfStreamException("The metric file got shorter while it was read.");
            }

            buffer = buffer[read..];
            offset += read;
        }
    }
}
