using Experiments.Contracts.Models;

namespace Experiments.Datasets;

/// <summary>Images of <see cref="Channels"/> x <see cref="Height"/> x <see cref="Width"/> pixels (1 channel: grey; 3: RGB).</summary>
public sealed record ImageShape(int Channels, int Height, int Width) : DataShape
{
    public override DataKind Kind => DataKind.Images;

    public override int Size => Channels * Height * Width;

    public override long[] Dimensions => [Channels, Height, Width];

    public override string ToString() => $"{Channels}x{Height}x{Width} images";
}
