namespace Experiments.Training.Imaging;

/// <summary>Tiles equally sized images (values in [0, 1], grey or RGB) into one picture with a 2-pixel gap.</summary>
internal static class ImageGrid
{
    private const int Gap = 2;

    /// <summary>Grey images [N, 1, side, side] with values in [0, 1] (any device) as one PNG grid of <paramref name="columns"/> columns.</summary>
    public static byte[] GreyPng(TorchSharp.torch.Tensor images, int side, int columns)
    {
        ArgumentNullException.ThrowIfNull(images);
        var values = images.to(TorchSharp.torch.CPU).contiguous().data<float>().ToArray();
        var (pixels, width, height) = Tile(values, (int)images.shape[0], side, columns);
        return PngEncoder.EncodeGrey8(pixels, width, height);
    }

    /// <param name="images">Count x side x side floats, row-major per image.</param>
    public static (byte[] Pixels, int Width, int Height) Tile(ReadOnlySpan<float> images, int count, int side, int columns) =>
        Tile(images, count, channels: 1, side, columns);

    /// <param name="images">Count x channels x side x side floats (channel planes one after another, as tensors hold them).</param>
    /// <returns>Row-major pixels of <paramref name="channels"/> interleaved bytes each (grey, or red, green, blue).</returns>
    public static (byte[] Pixels, int Width, int Height) Tile(ReadOnlySpan<float> images, int count, int channels, int side, int columns)
    {
        var rows = (count + columns - 1) / columns;
        var width = columns * side + (columns + 1) * Gap;
        var height = rows * side + (rows + 1) * Gap;
        var pixels = new byte[width * height * channels];
        var plane = side * side;
        for (var index = 0; index < count; index++)
        {
            var left = Gap + (index % columns) * (side + Gap);
            var top = Gap + (index / columns) * (side + Gap);
            var image = images.Slice(index * channels * plane, channels * plane);
            for (var y = 0; y < side; y++)
            {
                for (var x = 0; x < side; x++)
                {
                    for (var c = 0; c < channels; c++)
                    {
                        var value = Math.Clamp(image[(c * plane) + (y * side) + x], 0f, 1f);
                        pixels[((((top + y) * width) + left + x) * channels) + c] = (byte)MathF.Round(value * 255f);
                    }
                }
            }
        }

        return (pixels, width, height);
    }
}
