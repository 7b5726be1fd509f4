using Experiments.Datasets.Mixtures;
using Experiments.Training.Engine;
using Experiments.Training.Imaging;
using Experiments.Training.Metrics;
using static TorchSharp.torch;

namespace Experiments.Training.Models.Gan;

/// <summary>
/// Points of a Gaussian mixture: as they are for the networks (linear generator output), 2,500 samples scored by
/// modes captured and the share of high-quality samples, saved as a scatter plot over the modes and as .npy.
/// </summary>
internal sealed class MixtureSampleSpace(GaussianMixture mixture) : SampleSpace
{
    public const string ModesCaptured = "modes_captured";
    public const string HighQualityFraction = "high_quality_fraction";

    public override int Samples => ModeCoverage.ProtocolSamples;

    public override Tensor ToNetwork(Tensor examples) => examples;

    public override Tensor FromNetwork(Tensor generated) => generated;

    public override Dictionary<string, double> Quality(Tensor samples, TrainingBatch heldOut)
    {
        var (modes, highQuality) = ModeCoverage.Of(mixture, Coordinates(samples));
        return new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [ModesCaptured] = modes,
            [HighQualityFraction] = highQuality,
        };
    }

    public override List<TrainingArtifact> Artifacts(int epoch, Tensor samples, Func<Tensor> grid, int gridColumns)
    {
        var coordinates = Coordinates(samples);
        return
        [
            new TrainingArtifact($"samples/epoch-{epoch:D3}.png", PngEncoder.EncodeRgb8(ScatterPlot.Draw(mixture, coordinates), ScatterPlot.Side, ScatterPlot.Side)),
            new TrainingArtifact($"samples/epoch-{epoch:D3}.npy", NpyWriter.Float32(coordinates, samples.shape)),
        ];
    }

    private static float[] Coordinates(Tensor samples) => samples.to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
}
