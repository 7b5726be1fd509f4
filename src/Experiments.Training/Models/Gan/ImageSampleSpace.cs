using Experiments.Datasets;
using Experiments.Training.Engine.Scalars;
using Experiments.Training.Engine;
using Experiments.Training.Metrics;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Models.Gan;

/// <summary>
/// Images: in [-1, 1] for the networks (tanh generators), saved as grids, scored by the pixel Fréchet distance and, on
/// 28x28 grey images (MNIST-like), by the Inception Score (the 1,000 samples as one split) and the FID of the shipped
/// MNIST classifier's penultimate features against up to 1,000 held-out images.
/// </summary>
internal sealed class ImageSampleSpace(MnistClassifier? classifier) : SampleSpace
{
    public const string FrechetPixels = "fd_pixels";
    public const string InceptionScore = "inception_score";
    public const string ClassifierFrechetDistance = "fid";

    // The held-out images do not change during a run: their classifier features are computed once.
    private Tensor? heldOutSeen;
    private Tensor? heldOutFeatures;

    public override int Samples => SampleReport.Samples;

    /// <summary>Whether the shipped MNIST classifier can score images of <paramref name="shape"/> (it reads 1x28x28).</summary>
    public static bool ScoresDigits(ImageShape shape) =>
        shape == new ImageShape(1, MnistClassifier.ImageSide, MnistClassifier.ImageSide);

    public override Tensor ToNetwork(Tensor examples) => examples.Times(2).Minus(1);

    public override Tensor FromNetwork(Tensor generated) => generated.Plus(1).DividedBy(2);

    public override Dictionary<string, double> Quality(Tensor samples, TrainingBatch heldOut)
    {
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            [FrechetPixels] = SampleReport.PixelFrechetDistance(samples, heldOut),
        };
        if (classifier is null)
        {
            return metrics;
        }

        using var scope = torch.NewDisposeScope();
        if (!ReferenceEquals(heldOutSeen, heldOut.Examples))
        {
            heldOutFeatures?.Dispose();
            var reals = heldOut.Examples.narrow(0, 0, Math.Min(Samples, heldOut.Count));
            heldOutFeatures = classifier.Embed(reals).Features.DetachFromDisposeScope();
            heldOutSeen = heldOut.Examples;
        }

        var (sampleFeatures, sampleProbabilities) = classifier.Embed(samples);
        metrics[InceptionScore] = Metrics.InceptionScore.Compute(sampleProbabilities).Mean;
        metrics[ClassifierFrechetDistance] = FrechetDistance.Between(sampleFeatures, heldOutFeatures!);
        return metrics;
    }

    public override List<TrainingArtifact> Artifacts(int epoch, Tensor samples, Func<Tensor> grid, int gridColumns) =>
        SampleReport.Artifacts(epoch, samples, grid(), gridColumns);

    public override void Dispose()
    {
        heldOutFeatures?.Dispose();
        classifier?.Dispose();
    }
}
