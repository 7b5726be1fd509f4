using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace Experiments.Training.Tests.Support;

/// <summary>Independent PNG reader for tests: walks chunks, checks CRCs, inflates 8-bit grey or RGB rows (filter 0).</summary>
internal static class PngInspector
{
    public static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    public static (int Width, int Height, int BitDepth, int ColourType, byte[] Pixels) Decode(byte[] png)
    {
        Assert.Equal(Signature, png[..8]);
        var position = 8;
        int width = 0, height = 0, bitDepth = 0, colourType = 0;
        using var idat = new MemoryStream();
        var chunkTypes = new List<string>();
        while (position < png.Length)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(position));
            var type = Encoding.ASCII.GetString(png, position + 4, 4);
            var data = png.AsSpan(position + 8, length);
            var crc = BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(position + 8 + length));
            Assert.Equal(ReferenceCrc32(png.AsSpan(position + 4, 4 + length)), crc);
            chunkTypes.Add(type);
            switch (type)
            {
                case "IHDR":
                    width = BinaryPrimitives.ReadInt32BigEndian(data);
                    height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                    bitDepth = data[8];
                    colourType = data[9];
                    break;
                case "IDAT":
                    idat.Write(data);
                    break;
            }

            position += 12 + length;
        }

        Assert.Equal("IHDR", chunkTypes[0]);
        Assert.Equal("IEND", chunkTypes[^1]);
        idat.Position = 0;
        using var zlib = new ZLibStream(idat, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var rows = raw.ToArray();
        var rowBytes = width * (colourType == 2 ? 3 : 1);
        Assert.Equal(height * (rowBytes + 1), rows.Length);
        var pixels = new byte[rowBytes * height];
        for (var y = 0; y < height; y++)
        {
            Assert.Equal(0, rows[y * (rowBytes + 1)]);
            Array.Copy(rows, y * (rowBytes + 1) + 1, pixels, y * rowBytes, rowBytes);
        }

        return (width, height, bitDepth, colourType, pixels);
    }

    // Bitwise CRC-32, deliberately not table-driven so it does not share a bug with the encoder.
    private static uint ReferenceCrc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var value in data)
        {
            crc ^= value;
            for (var bit = 0; bit < 8; bit++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (0u - (crc & 1)));
            }
        }

        return ~crc;
    }
}
