using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Safetensors;

/// <summary>One tensor of a safetensors file: its dtype name, shape and raw little-endian, row-major bytes.</summary>
internal sealed record SafetensorsTensor(string Name, string Dtype, long[] Shape, ReadOnlyMemory<byte> Data)
{
    public long ElementCount => Shape.Aggregate(1L, (product, dimension) => product * dimension);

    /// <summary>A new CPU tensor holding a copy of the bytes; throws for a dtype TorchSharp cannot hold.</summary>
    public Tensor ToTensor(string filePath)
    {
        if (!SafetensorsDtype.TryGetScalarType(Dtype, out var scalarType))
        {
            throw new SafetensorsException(filePath, $"tensor '{Name}' has dtype {Dtype}, which cannot be loaded here (supported: {SafetensorsDtype.Loadable})");
        }

        var tensor = torch.empty(Shape, scalarType, CPU);
        if (Data.Length > 0)
        {
            Data.Span.CopyTo(tensor.bytes); // a span over the new tensor's own memory
        }

        return tensor;
    }
}
