using System.Buffers.Binary;
using System.IO.Compression;

namespace Experiments.Datasets.Idx;

/// <summary>
/// Reads the IDX format of LeCun's MNIST distribution: a big-endian magic number (0x0803 for 3-D unsigned
/// byte images, 0x0801 for 1-D unsigned byte labels), the dimension sizes, then exactly the declared number
/// of raw bytes. Files ending in ".gz" are decompressed on the fly. The Inspect methods apply the same checks
/// as the Read methods without keeping the data, so a spec can be validated without loading a data set.
/// Errors are <see cref="InvalidDataException"/>s that name the file and what is wrong with it.
/// </summary>
public static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    private const string ImagesKind = "idx3-ubyte images";
    private const string LabelsKind = "idx1-ubyte labels";
    private const int GzipSignature = 0x1F8B;

    public static IdxImages ReadImages(string path)
    {
        using var stream = Open(path);
        var shape = ReadImagesHeader(stream, path);
        var pixels = new byte[(long)shape.Count * shape.Rows * shape.Columns];
        ReadData(stream, path, pixels.LongLength, pixels);
        return new IdxImages(shape.Count, shape.Rows, shape.Columns, pixels);
    }

    /// <summary>Checks the file as <see cref="ReadImages"/> does (header, then exactly the declared bytes) and returns its shape.</summary>
    public static IdxImageShape InspectImages(string path)
    {
        using var stream = Open(path);
        var shape = ReadImagesHeader(stream, path);
        ReadData(stream, path, (long)shape.Count * shape.Rows * shape.Columns, target: null);
        return shape;
    }

    public static byte[] ReadLabels(string path)
    {
        using var stream = Open(path);
        var count = ReadHeader(stream, path, LabelsMagic, LabelsKind, dimensions: 1)[0];
        var labels = new byte[count];
        ReadData(stream, path, count, labels);
        return labels;
    }

    /// <summary>Checks the file as <see cref="ReadLabels"/> does and returns how many labels it holds.</summary>
    public static int InspectLabels(string path)
    {
        using var stream = Open(path);
        var count = ReadHeader(stream, path, LabelsMagic, LabelsKind, dimensions: 1)[0];
        ReadData(stream, path, count, target: null);
        return count;
    }

    private static Stream Open(string path)
    {
        var file = File.OpenRead(path);
        if (!path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
        {
            return file;
        }

        // Checked here because the decompressor's own complaint ("unsupported compression method") does not say what is wrong.
        Span<byte> signature = stackalloc byte[2];
        if (file.ReadAtLeast(signature, 2, throwOnEndOfStream: false) < 2 || BinaryPrimitives.ReadUInt16BigEndian(signature) != GzipSignature)
        {
            file.Dispose();
            throw new InvalidDataException($"IDX file '{path}' is not gzip data: it does not start with the gzip signature 1f 8b (remove the .gz ending if it is not compressed).");
        }

        file.Position = 0;
        return new GZipStream(file, CompressionMode.Decompress, leaveOpen: false);
    }

    private static IdxImageShape ReadImagesHeader(Stream stream, string path)
    {
        var sizes = ReadHeader(stream, path, ImagesMagic, ImagesKind, dimensions: 3);
        return new IdxImageShape(sizes[0], sizes[1], sizes[2]);
    }

    private static int[] ReadHeader(Stream stream, string path, int expectedMagic, string kind, int dimensions)
    {
        Span<byte> header = stackalloc byte[4 * (dimensions + 1)];
        if (ReadFully(stream, path, header) < header.Length)
        {
            throw new InvalidDataException($"IDX file '{path}' is too short to hold a {kind} header ({header.Length} bytes).");
        }

        var magic = BinaryPrimitives.ReadInt32BigEndian(header);
        if (magic != expectedMagic)
        {
            var gzipHint = magic >>> 16 == GzipSignature ? " (it looks gzip-compressed: name it with a .gz ending)" : string.Empty;
            throw new InvalidDataException(
                $"IDX file '{path}' has magic number 0x{magic:X8}, expected 0x{expectedMagic:X8} for {kind}{gzipHint}.");
        }

        var sizes = new int[dimensions];
        long total = 1;
        for (var i = 0; i < dimensions; i++)
        {
            sizes[i] = BinaryPrimitives.ReadInt32BigEndian(header[(4 * (i + 1))..]);
            if (sizes[i] <= 0)
            {
                throw new InvalidDataException($"IDX file '{path}' declares dimension {i} as {sizes[i]}; sizes must be positive.");
            }

            // Checked after each factor, so the product cannot overflow (each size is below 2^31).
            total *= sizes[i];
            if (total > Array.MaxLength)
            {
                throw new InvalidDataException(
                    $"IDX file '{path}' declares more than {Array.MaxLength} bytes of data, more than this reader accepts.");
            }
        }

        return sizes;
    }

    /// <summary>
    /// Reads exactly <paramref name="length"/> data bytes into <paramref name="target"/> (or counts them when it is
    /// null) and fails when fewer follow the header or more than that.
    /// </summary>
    private static void ReadData(Stream stream, string path, long length, byte[]? target)
    {
        long read;
        if (stream is FileStream file)
        {
            // Uncompressed: the file's length tells truncation and trailing bytes without reading the data.
            read = file.Length - file.Position;
            if (read == length && target is not null)
            {
                read = ReadFully(stream, path, target);
            }
        }
        else
        {
            read = target is null ? Count(stream, path, length + 1) : ReadFully(stream, path, target);
            if (read == length)
            {
                read += Count(stream, path, 1);
            }
        }

        if (read < length)
        {
            throw new InvalidDataException($"IDX file '{path}' is truncated: its header declares {length} data bytes but only {read} follow.");
        }

        if (read > length)
        {
            throw new InvalidDataException(
                $"IDX file '{path}' holds more data than its header declares ({length} bytes): it is damaged or not an IDX file.");
        }
    }

    /// <summary>Reads and discards up to <paramref name="limit"/> bytes; returns how many there were.</summary>
    private static long Count(Stream stream, string path, long limit)
    {
        var buffer = new byte[81_920];
        long total = 0;
        while (total < limit)
        {
            var read = ReadFully(stream, path, buffer.AsSpan(0, (int)Math.Min(buffer.Length, limit - total)));
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static int ReadFully(Stream stream, string path, Span<byte> buffer)
    {
        try
        {
            return stream.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
        }
        catch (InvalidDataException ex)
        {
            // A corrupt or cut-off gzip stream: say which file.
            throw new InvalidDataException($"IDX file '{path}' is not valid gzip data: {ex.Message}", ex);
        }
    }
}
