namespace Experiments.Training.Imaging;

/// <summary>Tiles equally sized grey images (values in [0, 1]) into one picture with a 2-pixel gap.</summary>
internal static class ImageGrid
{
    private const int Gap = 2;

    /// <param name="images">Count x side x side floats, row-major per image.</param>
    public static (byte[] Pixels, int Width, int Height) Tile(ReadOnlySpan<float> images, int count, int side, int columns)
    {
        var rows = (count + columns - 1) / columns;
        var width = columns * side + (columns + 1) * Gap;
        var height = rows * side + (rows + 1) * Gap;
        var pixels = new byte[width * height];
        for (var index = 0; index < count; index++)
        {
            var left = Gap + (index % columns) * (side + Gap);
            var top = Gap + (index / columns) * (side + Gap);
            var image = images.Slice(index * side * side, side * side);
            for (var y = 0; y < side; y++)
            {
                for (var x = 0; x < side; x++)
                {
                    var value = Math.Clamp(image[y * side + x], 0f, 1f);
                    pixels[(top + y) * width + left + x] = (byte)MathF.Round(value * 255f);
                }
            }
        }

        return (pixels, width, height);
    }
}
