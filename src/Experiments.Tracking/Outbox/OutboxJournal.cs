using System.Buffers.Binary;
using System.Globalization;
using System.IO.Hashing;
using Microsoft.Extensions.Logging;

namespace Experiments.Tracking.Outbox;

/// <summary>
/// An append-only, fsynced log of records in one folder: numbered segment files (<c>000000000001.seg</c>) of
/// length-prefixed, CRC-32-checked records, and a <c>cursor</c> file saying how far delivery has got. A crash in the
/// middle of an append leaves a torn last record, which <see cref="Open"/> cuts off; a failed append is rolled back.
/// One writer (this process); reading and appending may run concurrently.
/// </summary>
internal sealed class OutboxJournal : IDisposable
{
    /// <summary>Record header: payload length and CRC-32 of the payload, both little-endian uint32.</summary>
    public const int HeaderBytes = 8;

    /// <summary>A record is one MLflow call; anything larger is a bug, not data.</summary>
    public const int MaxRecordBytes = 64 << 20;

    private const string SegmentExtension = ".seg";
    private const string CursorFileName = "cursor";

    private readonly Lock gate = new();
    private readonly SortedDictionary<long, long> committedLengths;
    private readonly long segmentBytes;
    private readonly ILogger logger;
    private FileStream? appendStream;
    private long appendSegment;
    private bool appendBroken;
    private bool cursorWriteFailed;
    private JournalPosition cursor;
    private int pendingCount;
    private long pendingBytes;

    private OutboxJournal(string folder, long segmentBytes, ILogger logger, SortedDictionary<long, long> committedLengths, JournalPosition cursor)
    {
        Folder = folder;
        this.segmentBytes = segmentBytes;
        this.logger = logger;
        this.committedLengths = committedLengths;
        this.cursor = cursor;
    }

    public string Folder { get; }

    /// <summary>Records appended and not yet delivered.</summary>
    public int PendingCount
    {
        get
        {
            lock (gate)
            {
                return pendingCount;
            }
        }
    }

    public long PendingBytes
    {
        get
        {
            lock (gate)
            {
                return pendingBytes;
            }
        }
    }

    /// <summary>Opens (creating if needed) the journal in <paramref name="folder"/>, cutting off a torn last record.</summary>
    public static OutboxJournal Open(string folder, long segmentBytes, ILogger logger)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentNullException.ThrowIfNull(logger);
        Directory.CreateDirectory(folder);
        var lengths = new SortedDictionary<long, long>();
        foreach (var file in Directory.EnumerateFiles(folder, "*" + SegmentExtension))
        {
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                lengths[number] = new FileInfo(file).Length;
            }
        }

        var cursor = ReadCursor(folder, logger) ?? new JournalPosition(lengths.Count > 0 ? lengths.Keys.First() : 1, 0);
        var journal = new OutboxJournal(folder, segmentBytes, logger, lengths, cursor);
        journal.Recover();
        return journal;
    }

    /// <summary>Appends one record and flushes it to disk. On failure nothing of it stays in the journal.</summary>
    public void Append(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 0 || payload.Length > MaxRecordBytes)
        {
            throw new ArgumentException($"An outbox record must be 1 to {MaxRecordBytes} bytes; this one is {payload.Length}.", nameof(payload));
        }

        var frame = new byte[HeaderBytes + payload.Length];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, (uint)payload.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(frame.AsSpan(4), Crc32.HashToUInt32(payload));
        payload.CopyTo(frame.AsSpan(HeaderBytes));

        lock (gate)
        {
            var stream = AppendStream(frame.Length);
            var start = committedLengths[appendSegment];
            try
            {
                stream.Position = start;
                stream.Write(frame);
                stream.Flush(flushToDisk: true);
            }
            catch
            {
                RollBack(stream, start);
                throw;
            }

            committedLengths[appendSegment] = start + frame.Length;
            pendingCount++;
            pendingBytes += frame.Length;
        }
    }

    /// <summary>Reads undelivered records from the cursor on, at most <paramref name="maxRecords"/> or about <paramref name="maxBytes"/>.</summary>
    public IReadOnlyList<JournalEntry> Read(int maxRecords, long maxBytes)
    {
        JournalPosition position;
        List<KeyValuePair<long, long>> segments;
        lock (gate)
        {
            position = cursor;
            segments = committedLengths.Where(s => s.Key >= position.Segment).ToList();
        }

        var entries = new List<JournalEntry>();
        long bytes = 0;
        foreach (var (segment, length) in segments)
        {
            var offset = segment == position.Segment ? position.Offset : 0;
            if (offset >= length)
            {
                continue;
            }

            using var stream = new FileStream(SegmentPath(segment), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            stream.Position = offset;
            while (offset < length && entries.Count < maxRecords && bytes < maxBytes)
            {
                var payload = ReadRecord(stream, length - offset);
                if (payload is null)
                {
                    // Damaged after it was written (the disk, not a crash): skip to the end of what this segment holds.
                    logger.LogError("Tracking outbox {Path}: a record at byte {Offset} is damaged; the rest of this file ({Bytes} bytes) is skipped", SegmentPath(segment), offset, length - offset);
                    entries.Add(new JournalEntry([], new JournalPosition(segment, length)));
                    break;
                }

                offset += HeaderBytes + payload.Length;
                bytes += HeaderBytes + payload.Length;
                entries.Add(new JournalEntry(payload, new JournalPosition(segment, offset)));
            }

            if (entries.Count >= maxRecords || bytes >= maxBytes)
            {
                break;
            }
        }

        return entries;
    }

    /// <summary>Marks everything up to <paramref name="next"/> delivered: <paramref name="count"/> records of <paramref name="bytes"/> bytes.</summary>
    public void Advance(JournalPosition next, int count, long bytes)
    {
        lock (gate)
        {
            cursor = next;
            pendingCount = Math.Max(0, pendingCount - count);
            pendingBytes = Math.Max(0, pendingBytes - bytes);

            // A fully read segment that is not the one being appended to is done with: move on and delete it.
            while (committedLengths.TryGetValue(cursor.Segment, out var length) && cursor.Offset >= length && cursor.Segment != appendSegment
                && committedLengths.Keys.Any(k => k > cursor.Segment))
            {
                cursor = new JournalPosition(committedLengths.Keys.First(k => k > cursor.Segment), 0);
            }

            WriteCursor();
            foreach (var consumed in committedLengths.Keys.Where(k => k < cursor.Segment).ToList())
            {
                TryDelete(SegmentPath(consumed));
                committedLengths.Remove(consumed);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            appendStream?.Dispose();
            appendStream = null;
        }
    }

    private static JournalPosition? ReadCursor(string folder, ILogger logger)
    {
        var path = Path.Combine(folder, CursorFileName);
        if (!File.Exists(path))
        {
            return null;
        }

        var parts = File.ReadAllText(path).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var segment)
            && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            return new JournalPosition(segment, offset);
        }

        // Records may be delivered twice rather than lost: metric points are idempotent enough, runs are found by key.
        logger.LogWarning("Tracking outbox cursor {Path} is damaged; delivering its records again from the start", path);
        return null;
    }

    /// <summary>Counts what is pending and cuts each segment at its first incomplete or damaged record.</summary>
    private void Recover()
    {
        foreach (var segment in committedLengths.Keys.Where(k => k < cursor.Segment).ToList())
        {
            TryDelete(SegmentPath(segment));
            committedLengths.Remove(segment);
        }

        foreach (var (segment, length) in committedLengths.ToList())
        {
            var offset = segment == cursor.Segment ? Math.Min(cursor.Offset, length) : 0;
            using var stream = new FileStream(SegmentPath(segment), FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
            stream.Position = offset;
            while (offset < length)
            {
                var payload = ReadRecord(stream, length - offset);
                if (payload is null)
                {
                    logger.LogWarning(
                        "Tracking outbox {Path}: cut off an incomplete record at byte {Offset} ({Bytes} bytes), left by a crash during a write",
                        SegmentPath(segment), offset, length - offset);
                    stream.SetLength(offset);
                    stream.Flush(flushToDisk: true);
                    break;
                }

                offset += HeaderBytes + payload.Length;
                pendingCount++;
                pendingBytes += HeaderBytes + payload.Length;
            }

            committedLengths[segment] = offset;
        }

        if (committedLengths.Count > 0 && cursor.Segment < committedLengths.Keys.First())
        {
            cursor = new JournalPosition(committedLengths.Keys.First(), 0);
        }

        appendSegment = committedLengths.Count > 0 ? committedLengths.Keys.Last() : Math.Max(1, cursor.Segment);
    }

    /// <summary>The payload of the record at the stream's position, or null when it is incomplete or damaged.</summary>
    private static byte[]? ReadRecord(Stream stream, long available)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        if (available < HeaderBytes || stream.ReadAtLeast(header, HeaderBytes, throwOnEndOfStream: false) < HeaderBytes)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt32LittleEndian(header);
        var checksum = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
        if (length == 0 || length > MaxRecordBytes || length > available - HeaderBytes)
        {
            return null;
        }

        var payload = new byte[length];
        if (stream.ReadAtLeast(payload, payload.Length, throwOnEndOfStream: false) < payload.Length || Crc32.HashToUInt32(payload) != checksum)
        {
            return null;
        }

        return payload;
    }

    private FileStream AppendStream(int frameLength)
    {
        var length = committedLengths.GetValueOrDefault(appendSegment);
        var full = length > 0 && length + frameLength > segmentBytes;
        if (appendStream is not null && !full)
        {
            return appendStream;
        }

        appendStream?.Dispose();
        appendStream = null;
        if (full || appendBroken)
        {
            appendSegment = committedLengths.Count == 0 ? appendSegment + 1 : Math.Max(appendSegment, committedLengths.Keys.Last()) + 1;
            appendBroken = false;
        }

        // Unbuffered: a write that fails leaves nothing in a buffer to be flushed (and fail again) later.
        appendStream = new FileStream(SegmentPath(appendSegment), FileMode.OpenOrCreate, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
        committedLengths.TryAdd(appendSegment, 0);
        return appendStream;
    }

    private void RollBack(FileStream stream, long start)
    {
        stream.Dispose();
        appendStream = null;
        try
        {
            using var truncate = new FileStream(SegmentPath(appendSegment), FileMode.Open, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
            truncate.SetLength(start);
            truncate.Flush(flushToDisk: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The file may now end in a partial record: never append after it (reads stop at the committed length,
            // and Open cuts it off on the next start). The next append starts a new segment.
            appendBroken = true;
        }
    }

    private void WriteCursor()
    {
        var path = Path.Combine(Folder, CursorFileName);
        var temporary = path + ".tmp";
        try
        {
            using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                stream.Write(System.Text.Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{cursor.Segment} {cursor.Offset}\n")));
                stream.Flush(flushToDisk: true);
            }

            File.Move(temporary, path, overwrite: true);
            cursorWriteFailed = false;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Delivery goes on from memory; after a restart the records since the last saved cursor are delivered again.
            TryDelete(temporary);
            if (!cursorWriteFailed)
            {
                logger.LogWarning("Tracking outbox: cannot save the delivery position to {Path}: {Reason}", path, exception.Message);
            }

            cursorWriteFailed = true;
        }
    }

    private string SegmentPath(long segment) =>
        Path.Combine(Folder, segment.ToString("D12", CultureInfo.InvariantCulture) + SegmentExtension);

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A consumed segment left behind is skipped (it is before the cursor) and deleted on a later start.
        }
    }
}
