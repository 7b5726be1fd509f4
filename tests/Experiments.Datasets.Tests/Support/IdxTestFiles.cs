using System.Buffers.Binary;
using System.IO.Compression;

namespace Experiments.Datasets.Tests.Support;

/// <summary>Writes small IDX files for reader and loader tests (also compiled into Experiments.Training.Tests).</summary>
internal static class IdxTestFiles
{
    public static void WriteImages(string path, byte[] pixels, int count, int rows, int columns, int magic = 0x0803)
    {
        var content = new byte[16 + pixels.Length];
        BinaryPrimitives.WriteInt32BigEndian(content, magic);
        BinaryPrimitives.WriteInt32BigEndian(content.AsSpan(4), count);
        BinaryPrimitives.WriteInt32BigEndian(content.AsSpan(8), rows);
        BinaryPrimitives.WriteInt32BigEndian(content.AsSpan(12), columns);
        pixels.CopyTo(content, 16);
        Write(path, content);
    }

    public static void WriteLabels(string path, byte[] labels)
    {
        var content = new byte[8 + labels.Length];
        BinaryPrimitives.WriteInt32BigEndian(content, 0x0801);
        BinaryPrimitives.WriteInt32BigEndian(content.AsSpan(4), labels.Length);
        labels.CopyTo(content, 8);
        Write(path, content);
    }

    public static void Write(string path, byte[] content)
    {
        if (path.EndsWith(".gz", StringComparison.Ordinal))
        {
            using var file = File.Create(path);
            using var gzip = new GZipStream(file, CompressionLevel.Fastest);
            gzip.Write(content);
        }
        else
        {
            File.WriteAllBytes(path, content);
        }
    }

    public static byte[] Pattern(int length) => Enumerable.Range(0, length).Select(i => (byte)(i * 37 % 256)).ToArray();
}
