using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace Experiments.Training.Imaging;

/// <summary>
/// Writes NumPy's .npy format (version 1.0): the magic, a Python-dict header padded to 64 bytes, then little-endian
/// data, so anyone can load samples with <c>numpy.load</c> and score them with their own tools.
/// </summary>
internal static class NpyWriter
{
    public static byte[] Float32(ReadOnlySpan<float> values, IReadOnlyList<long> shape)
    {
        var data = new byte[values.Length * sizeof(float)];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(i * sizeof(float)), values[i]);
        }

        return Write(data, "<f4", values.Length, shape);
    }

    public static byte[] Int64(ReadOnlySpan<long> values, IReadOnlyList<long> shape)
    {
        var data = MemoryMarshal.AsBytes(values).ToArray();
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Writing .npy needs a little-endian machine.");
        }

        return Write(data, "<i8", values.Length, shape);
    }

    private static byte[] Write(byte[] data, string descr, int count, IReadOnlyList<long> shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        var expected = shape.Aggregate(1L, (product, dimension) => product * dimension);
        if (expected != count)
        {
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) holds {expected} values, not {count}.", nameof(shape));
        }

        var dimensions = shape.Count == 1 ? $"{shape[0]}," : string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture)));
        var dictionary = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': ({dimensions}), }}";
        const int preamble = 10; // magic (6) + version (2) + header length (2)
        var padded = ((preamble + dictionary.Length + 1 + 63) / 64 * 64) - preamble;
        var header = dictionary.PadRight(padded - 1) + "\n";

        var bytes = new byte[preamble + header.Length + data.Length];
        bytes[0] = 0x93;
        Encoding.ASCII.GetBytes("NUMPY").CopyTo(bytes, 1);
        bytes[6] = 1;
        bytes[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(8), (ushort)header.Length);
        Encoding.ASCII.GetBytes(header).CopyTo(bytes, preamble);
        data.CopyTo(bytes, preamble + header.Length);
        return bytes;
    }
}
