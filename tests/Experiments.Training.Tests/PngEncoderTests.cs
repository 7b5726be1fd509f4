using Experiments.Training.Imaging;
using Experiments.Datasets.Tests.Support;
using Experiments.Training.Tests.Support;

namespace Experiments.Training.Tests;

public sealed class PngEncoderTests
{
    [Fact]
    public void Grey_image_round_trips_through_an_independent_decoder()
    {
        var pixels = IdxTestFiles.Pattern(7 * 3);

        var png = PngEncoder.EncodeGrey8(pixels, width: 7, height: 3);
        var decoded = PngInspector.Decode(png);

        Assert.Equal((7, 3, 8, 0), (decoded.Width, decoded.Height, decoded.BitDepth, decoded.ColourType));
        Assert.Equal(pixels, decoded.Pixels);
    }

    [Fact]
    public void Iend_chunk_carries_the_well_known_crc()
    {
        var png = PngEncoder.EncodeGrey8(new byte[1], 1, 1);

        Assert.Equal(new byte[] { 0, 0, 0, 0, (byte)'I', (byte)'E', (byte)'N', (byte)'D', 0xAE, 0x42, 0x60, 0x82 }, png[^12..]);
    }

    [Fact]
    public void Grid_places_images_with_gaps_and_scales_to_bytes()
    {
        var images = new float[] { 1, 0, 0, 1, 0.5f, 0.5f, 0.5f, 2f };

        var (pixels, width, height) = ImageGrid.Tile(images, count: 2, side: 2, columns: 2);

        Assert.Equal((10, 6), (width, height));
        Assert.Equal(255, pixels[2 * width + 2]);
        Assert.Equal(0, pixels[2 * width + 3]);
        Assert.Equal(128, pixels[2 * width + 6]);
        Assert.Equal(255, pixels[3 * width + 7]); // clamped from 2
        Assert.Equal(0, pixels[0]);
    }
}
