namespace Experiments.Datasets.Idx;

/// <summary>What an idx3-ubyte file's header declares: how many images, of how many rows and columns.</summary>
public sealed record IdxImageShape(int Count, int Rows, int Columns)
{
    public override string ToString() => $"{Count} images of {Rows}x{Columns}";
}
