using static TorchSharp.torch;

namespace Experiments.Training.Safetensors;

/// <summary>
/// The dtype names of the safetensors format with their element sizes, and the ones TorchSharp can hold. Files may
/// name dtypes TorchSharp lacks (unsigned 16-64 bit, 8-bit floats): they parse, but loading them is refused clearly.
/// </summary>
internal static class SafetensorsDtype
{
    // In the order of the reference implementation's Dtype enum (increasing alignment), which orders tensors in a file.
    private static readonly (string Name, int Size)[] Ordered =
    [
        ("BOOL", 1), ("U8", 1), ("I8", 1), ("F8_E5M2", 1), ("F8_E4M3", 1),
        ("I16", 2), ("U16", 2), ("F16", 2), ("BF16", 2),
        ("I32", 4), ("U32", 4), ("F32", 4),
        ("F64", 8), ("I64", 8), ("U64", 8),
    ];

    private static readonly Dictionary<string, ScalarType> ScalarTypes = new(StringComparer.Ordinal)
    {
        ["BOOL"] = ScalarType.Bool,
        ["U8"] = ScalarType.Byte,
        ["I8"] = ScalarType.Int8,
        ["I16"] = ScalarType.Int16,
        ["F16"] = ScalarType.Float16,
        ["BF16"] = ScalarType.BFloat16,
        ["I32"] = ScalarType.Int32,
        ["F32"] = ScalarType.Float32,
        ["F64"] = ScalarType.Float64,
        ["I64"] = ScalarType.Int64,
    };

    /// <summary>The dtypes TorchSharp can load, for error messages.</summary>
    public static string Loadable => string.Join(", ", ScalarTypes.Keys);

    /// <summary>Bytes per element of a dtype the format defines, or null for a name it does not.</summary>
    public static int? ElementSize(string dtype) => Array.FindIndex(Ordered, entry => entry.Name == dtype) is var index and >= 0 ? Ordered[index].Size : null;

    /// <summary>The dtype's place in the reference order; writers put higher ranks first so data stays aligned.</summary>
    public static int Rank(string dtype) => Array.FindIndex(Ordered, entry => entry.Name == dtype);

    public static bool TryGetScalarType(string dtype, out ScalarType scalarType) => ScalarTypes.TryGetValue(dtype, out scalarType);

    /// <summary>The safetensors name of a TorchSharp element type; throws for types the format cannot hold (complex).</summary>
    public static string NameOf(ScalarType scalarType) =>
        ScalarTypes.FirstOrDefault(pair => pair.Value == scalarType).Key
        ?? throw new ArgumentException($"Tensors of type {scalarType} cannot be written as safetensors (supported: {Loadable}).", nameof(scalarType));
}
