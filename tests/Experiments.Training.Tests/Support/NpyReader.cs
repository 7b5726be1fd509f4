using System.Buffers.Binary;
using System.Text;

namespace Experiments.Training.Tests.Support;

/// <summary>Reads .npy as numpy.load would: magic, version 1.0, a dict header padded to 64 bytes, little-endian data.</summary>
internal static class NpyReader
{
    public static (long[] Shape, float[] Values) Float32(byte[] file)
    {
        var (shape, bytes) = Read(file, "<f4");
        ReadOnlySpan<byte> data = bytes;
        var values = new float[data.Length / 4];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(data[(i * 4)..]);
        }

        Assert.Equal(shape.Aggregate(1L, (a, b) => a * b), values.Length);
        return (shape, values);
    }

    public static (long[] Shape, long[] Values) Int64(byte[] file)
    {
        var (shape, bytes) = Read(file, "<i8");
        ReadOnlySpan<byte> data = bytes;
        var values = new long[data.Length / 8];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = BinaryPrimitives.ReadInt64LittleEndian(data[(i * 8)..]);
        }

        Assert.Equal(shape.Aggregate(1L, (a, b) => a * b), values.Length);
        return (shape, values);
    }

    private static (long[] Shape, byte[] Data) Read(byte[] file, string descr)
    {
        Assert.Equal([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0], file[..8]);
        var headerLength = BinaryPrimitives.ReadUInt16LittleEndian(file.AsSpan(8));
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = Encoding.ASCII.GetString(file, 10, headerLength);
        Assert.Contains($"'descr': '{descr}'", header, StringComparison.Ordinal);
        Assert.Contains("'fortran_order': False", header, StringComparison.Ordinal);
        Assert.EndsWith("\n", header, StringComparison.Ordinal);
        var dimensions = header[(header.IndexOf("'shape': (", StringComparison.Ordinal) + 10)..];
        var shape = dimensions[..dimensions.IndexOf(')', StringComparison.Ordinal)]
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(long.Parse)
            .ToArray();
        return (shape, file[(10 + headerLength)..]);
    }
}
