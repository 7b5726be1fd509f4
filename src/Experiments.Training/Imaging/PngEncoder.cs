using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Experiments.Training.Imaging;

/// <summary>Minimal PNG writer for 8-bit greyscale images: IHDR, one zlib-compressed IDAT, IEND.</summary>
internal static class PngEncoder
{
    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <param name="pixels">Row-major grey levels, <paramref name="width"/> x <paramref name="height"/> bytes.</param>
    public static byte[] EncodeGrey8(ReadOnlySpan<byte> pixels, int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        if (pixels.Length != (long)width * height)
        {
            throw new ArgumentException($"Expected {(long)width * height} pixels for {width}x{height}, got {pixels.Length}.", nameof(pixels));
        }

        using var png = new MemoryStream();
        png.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bit depth
        header[9] = 0;  // colour type: greyscale
        header[10] = 0; // compression: deflate
        header[11] = 0; // filter method: adaptive (each row starts with a filter byte)
        header[12] = 0; // no interlace
        WriteChunk(png, "IHDR", header);

        using (var compressed = new MemoryStream())
        {
            using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
            {
                for (var row = 0; row < height; row++)
                {
                    zlib.WriteByte(0); // filter type None
                    zlib.Write(pixels.Slice(row * width, width));
                }
            }

            WriteChunk(png, "IDAT", compressed.GetBuffer().AsSpan(0, (int)compressed.Length));
        }

        WriteChunk(png, "IEND", []);
        return png.ToArray();
    }

    private static void WriteChunk(Stream png, string type, ReadOnlySpan<byte> data)
    {
        Span<byte> word = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(word, data.Length);
        png.Write(word);
        Span<byte> typeBytes = stackalloc byte[4];
        Encoding.ASCII.GetBytes(type, typeBytes);
        png.Write(typeBytes);
        png.Write(data);
        BinaryPrimitives.WriteUInt32BigEndian(word, Crc32.Compute(typeBytes, data));
        png.Write(word);
    }
}
