namespace Experiments.Training.Datasets;

/// <summary>Images read from an idx3-ubyte file: <see cref="Pixels"/> holds Count x Rows x Columns bytes, row-major.</summary>
internal sealed record IdxImages(int Count, int Rows, int Columns, byte[] Pixels)
{
    public int PixelsPerImage => Rows * Columns;
}
