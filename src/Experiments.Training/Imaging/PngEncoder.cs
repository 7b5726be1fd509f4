using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Experiments.Training.Imaging;

/// <summary>Minimal PNG writer for 8-bit greyscale and RGB images: IHDR, one zlib-compressed IDAT, IEND.</summary>
internal static class PngEncoder
{
    private const byte Greyscale = 0;
    private const byte Truecolour = 2;

    public static ReadOnlySpan<byte> Signature => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <param name="pixels">Row-major grey levels, <paramref name="width"/> x <paramref name="height"/> bytes.</param>
    public static byte[] EncodeGrey8(ReadOnlySpan<byte> pixels, int width, int height) => Encode(pixels, width, height, Greyscale, bytesPerPixel: 1);

    /// <param name="pixels">Row-major red, green, blue bytes of each pixel, <paramref name="width"/> x <paramref name="height"/> x 3 bytes.</param>
    public static byte[] EncodeRgb8(ReadOnlySpan<byte> pixels, int width, int height) => Encode(pixels, width, height, Truecolour, bytesPerPixel: 3);

    private static byte[] Encode(ReadOnlySpan<byte> pixels, int width, int height, byte colourType, int bytesPerPixel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 1);
        var rowBytes = width * bytesPerPixel;
        if (pixels.Length != (long)rowBytes * height)
        {
            throw new ArgumentException($"Expected {(long)rowBytes * height} bytes for {width}x{height} pixels of {bytesPerPixel} bytes, got {pixels.Length}.", nameof(pixels));
        }

        using var png = new MemoryStream();
        png.Write(Signature);

        Span<byte> header = stackalloc byte[13];
        BinaryPrimitives.WriteInt32BigEndian(header, width);
        BinaryPrimitives.WriteInt32BigEndian(header[4..], height);
        header[8] = 8;  // bit depth
        header[9] = colourType;
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
                    zlib.Write(pixels.Slice(row * rowBytes, rowBytes));
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
