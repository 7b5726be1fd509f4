using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;
using static TorchSharp.torch;

namespace Experiments.Training.Models.Gan;

/// <summary>
/// PacGAN's packing (Lin et al. 2018): the discriminator judges <c>pack</c> examples at once, all real or all
/// generated, concatenated (points side by side, images along channels). A generator that drops modes makes packs
/// that look alike, which a packing discriminator sees and a one-example one cannot: the paper's remedy for mode
/// collapse, at the cost of a wider first layer only. 1 is the plain discriminator.
/// </summary>
internal sealed class Packing
{
    public const string Name = "pack";

    public Packing(int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        Size = size;
    }

    public static HyperparameterDescriptor Descriptor { get; } = new(
        Name,
        ParameterKind.Int,
        ParameterValue.Int(1),
        "Examples the discriminator judges at once, concatenated (PacGAN; 1: each on its own, 2 or 4 as in the paper). A batch's remainder after whole packs is not shown to the discriminator.",
        Min: 1,
        Max: 8);

    public int Size { get; }

    public static Packing From(IReadOnlyDictionary<string, ParameterValue> resolved) => new(checked((int)resolved[Name].AsInt64()));

    /// <summary>Packs of <paramref name="count"/> examples.</summary>
    public long Packs(long count) => count / Size;

    /// <summary>
    /// Examples [N, F] or [N, C, H, W] as packs [N / pack, pack * F] or [N / pack, pack * C, H, W]: consecutive examples
    /// side by side. Examples after the last whole pack are left out.
    /// </summary>
    public Tensor Pack(Tensor examples)
    {
        if (Size == 1)
        {
            return examples;
        }

        var shape = examples.shape;
        var packs = Packs(shape[0]);
        var whole = packs * Size == shape[0] ? examples : examples.narrow(0, 0, packs * Size);
        long[] packed = [packs, Size * shape[1], .. shape[2..]];
        return whole.reshape(packed);
    }
}
