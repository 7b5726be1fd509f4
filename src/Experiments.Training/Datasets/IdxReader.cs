using System.Buffers.Binary;
using System.IO.Compression;

namespace Experiments.Training.Datasets;

/// <summary>
/// Reads the IDX format of LeCun's MNIST distribution: a big-endian magic number (0x0803 for 3-D unsigned
/// byte images, 0x0801 for 1-D unsigned byte labels), the dimension sizes, then the raw bytes.
/// Files ending in ".gz" are decompressed on the fly. Errors name the file and what is wrong with it.
/// </summary>
internal static class IdxReader
{
    public const int ImagesMagic = 0x00000803;
    public const int LabelsMagic = 0x00000801;

    // Guards against absurd headers allocating gigabytes before the truncation check would fire.
    private const long MaxBytes = 1L << 31;

    public static IdxImages ReadImages(string path)
    {
        using var stream = Open(path);
        var header = ReadHeader(stream, path, ImagesMagic, "idx3-ubyte images", dimensions: 3);
        int count = header[0], rows = header[1], columns = header[2];
        var pixels = ReadPayload(stream, path, (long)count * rows * columns);
        return new IdxImages(count, rows, columns, pixels);
    }

    public static byte[] ReadLabels(string path)
    {
        using var stream = Open(path);
        var header = ReadHeader(stream, path, LabelsMagic, "idx1-ubyte labels", dimensions: 1);
        return ReadPayload(stream, path, header[0]);
    }

    private static Stream Open(string path)
    {
        Stream file = File.OpenRead(path);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionMode.Decompress, leaveOpen: false)
            : file;
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
            throw new InvalidDataException(
                $"IDX file '{path}' has magic number 0x{magic:X8}, expected 0x{expectedMagic:X8} for {kind}.");
        }

        var sizes = new int[dimensions];
        for (var i = 0; i < dimensions; i++)
        {
            sizes[i] = BinaryPrimitives.ReadInt32BigEndian(header[(4 * (i + 1))..]);
            if (sizes[i] <= 0)
            {
                throw new InvalidDataException($"IDX file '{path}' declares dimension {i} as {sizes[i]}; sizes must be positive.");
            }
        }

        return sizes;
    }

    private static byte[] ReadPayload(Stream stream, string path, long length)
    {
        if (length > MaxBytes)
        {
            throw new InvalidDataException($"IDX file '{path}' declares {length} bytes of data, more than this reader accepts.");
        }

        var payload = new byte[length];
        var read = ReadFully(stream, path, payload);
        return read == length
            ? payload
            : throw new InvalidDataException($"IDX file '{path}' is truncated: its header declares {length} data bytes but only {read} follow.");
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
