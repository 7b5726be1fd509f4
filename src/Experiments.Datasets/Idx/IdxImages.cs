namespace Experiments.Datasets.Idx;

/// <summary>Images read from an idx3-ubyte file: <see cref="Pixels"/> holds Count x Rows x Columns bytes, row-major.</summary>
public sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    public int PixelsPerImage => Rows * Columns;

    public IdxImageShape Shape => new(Count, Rows, Columns);
}
