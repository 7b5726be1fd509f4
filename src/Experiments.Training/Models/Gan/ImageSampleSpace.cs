using Experiments.Training.Engine;
using static TorchSharp.torch;

namespace Experiments.Training.Models.Gan;

/// <summary>Images: in [-1, 1] for the networks (tanh generators), scored by the pixel Fréchet distance, saved as grids.</summary>
internal sealed class ImageSampleSpace : SampleSpace
{
    public const string FrechetPixels = "fd_pixels";

    public override int Samples => SampleReport.Samples;

    public override Tensor ToNetwork(Tensor examples) => (examples * 2) - 1;

    public override Tensor FromNetwork(Tensor generated) => (generated + 1) / 2;

    public override Dictionary<string, double> Quality(Tensor samples, TrainingBatch heldOut) => new(StringComparer.Ordinal)
    {
        [FrechetPixels] = SampleReport.PixelFrechetDistance(samples, heldOut),
    };

    public override List<TrainingArtifact> Artifacts(int epoch, Tensor samples, Func<Tensor> grid, int gridColumns) =>
        SampleReport.Artifacts(epoch, samples, grid(), gridColumns);
}
