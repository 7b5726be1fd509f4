using Experiments.Training.Engine;
using Experiments.Training.Imaging;
using Experiments.Training.Metrics;
using static TorchSharp.torch;
using static TorchSharp.torch.nn.functional;

namespace Experiments.Training.Models.Gan;

/// <summary>What GAN families report of image samples: the pixel Fréchet distance to held-out images, a PNG grid (grey or RGB) and the samples as .npy.</summary>
internal static class SampleReport
{
    public const int Samples = 1000;
    private const int FeaturePool = 4; // 28x28 pooled to 7x7: 49 features per grey digit; 3x32x32 to 3x8x8

    /// <summary>Fréchet distance between <paramref name="samples"/> and up to 1,000 held-out examples on pooled pixels; both in [0, 1].</summary>
    public static double PixelFrechetDistance(Tensor samples, TrainingBatch heldOut)
    {
        var reals = heldOut.Examples.narrow(0, 0, Math.Min(Samples, heldOut.Count));
        return FrechetDistance.Between(avg_pool2d(samples, FeaturePool).flatten(1), avg_pool2d(reals, FeaturePool).flatten(1));
    }

    /// <summary>
    /// <c>samples/epoch-NNN.png</c> (<paramref name="grid"/> tiled <paramref name="gridColumns"/> per row) and
    /// <c>samples/epoch-NNN.npy</c> (<paramref name="samples"/>, float32 [N, C, H, W] in [0, 1]).
    /// </summary>
    public static List<TrainingArtifact> Artifacts(int epoch, Tensor samples, Tensor grid, int gridColumns)
    {
        var cpu = samples.to(CPU).contiguous();
        var gridValues = grid.to(CPU).contiguous().data<float>().ToArray();
        var (channels, side) = ((int)cpu.shape[1], (int)cpu.shape[^1]);
        var (pixels, width, height) = ImageGrid.Tile(gridValues, (int)grid.shape[0], channels, side, gridColumns);
        var png = channels == 3 ? PngEncoder.EncodeRgb8(pixels, width, height) : PngEncoder.EncodeGrey8(pixels, width, height);
        return
        [
            new TrainingArtifact($"samples/epoch-{epoch:D3}.png", png),
            new TrainingArtifact($"samples/epoch-{epoch:D3}.npy", NpyWriter.Float32(cpu.data<float>().ToArray(), cpu.shape)),
        ];
    }
}
