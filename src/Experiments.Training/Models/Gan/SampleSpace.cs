using Experiments.Contracts.Models;
using Experiments.Datasets;
using Experiments.Training.Engine;
using Experiments.Training.Metrics;
using static TorchSharp.torch;

namespace Experiments.Training.Models.Gan;

/// <summary>
/// What GAN runs do differently on images and on points, chosen by the data's shape: how examples map to the
/// networks' range and back, how many samples are scored per epoch, the sample-quality metrics and the sample files.
/// The networks themselves are each family's choice (its folder), by the same shape. A run owns its space and disposes
/// it (the digit space holds the shipped MNIST classifier).
/// </summary>
internal abstract class SampleSpace : IDisposable
{
    /// <summary>The quality metrics of <see cref="Quality"/>, each on its kind of data; every GAN family's catalog lists them.</summary>
    public static IReadOnlyList<MetricDescriptor> QualityMetrics { get; } =
    [
        new(ImageSampleSpace.FrechetPixels, ObjectiveGoal.Minimize,
            "Frechet distance between 1,000 generated and up to 1,000 held-out images on 4x4 average-pooled pixels (7x7 features per channel for 28x28 digits; a cheap stand-in for FID; lower is better).",
            DataKind.Images),
        new(ImageSampleSpace.InceptionScore, ObjectiveGoal.Maximize,
            "Inception Score of 1,000 generated 28x28 grey images with the shipped MNIST classifier, as one split (10 at best: confident and all digits used; the real held-out digits score 9.65). Not reported on other images.",
            DataKind.Images),
        new(ImageSampleSpace.ClassifierFrechetDistance, ObjectiveGoal.Minimize,
            "Frechet distance between the shipped MNIST classifier's 64 penultimate features of 1,000 generated and up to 1,000 held-out 28x28 grey images (FID with an MNIST network; lower is better). Not reported on other images.",
            DataKind.Images),
        new(MixtureSampleSpace.ModesCaptured, ObjectiveGoal.Maximize,
            "Modes of the mixture that are the nearest mode of at least one high-quality sample, of 2,500 generated (VEEGAN/PacGAN protocol; ring8: 8 at best, grid25: 25).",
            DataKind.Points),
        new(MixtureSampleSpace.HighQualityFraction, ObjectiveGoal.Maximize,
            "Share of 2,500 generated points within 3 standard deviations of their nearest mode (VEEGAN/PacGAN protocol; 1 at best).",
            DataKind.Points),
    ];

    /// <summary>Generated samples scored and saved per epoch.</summary>
    public abstract int Samples { get; }

    public static SampleSpace For(ModelRunSettings settings) => settings.Shape switch
    {
        ImageShape image => new ImageSampleSpace(ImageSampleSpace.ScoresDigits(image) ? MnistClassifier.Load(settings.Device) : null),
        PointShape => new MixtureSampleSpace(settings.Mixture ?? throw new InvalidOperationException("Points without the mixture they were drawn from (checked before training starts).")),
        _ => throw new InvalidOperationException($"GAN families have no sample space for {settings.Shape}."),
    };

    /// <summary>Data examples as the networks see them (images in [-1, 1] for a tanh generator; points as they are).</summary>
    public abstract Tensor ToNetwork(Tensor examples);

    /// <summary>The generator's output as data (images back in [0, 1]).</summary>
    public abstract Tensor FromNetwork(Tensor generated);

    /// <summary>The quality metrics of <paramref name="samples"/> (as data), against the held-out split or the true distribution.</summary>
    public abstract Dictionary<string, double> Quality(Tensor samples, TrainingBatch heldOut);

    /// <summary>
    /// <c>samples/epoch-NNN.png</c> (images: <paramref name="grid"/> tiled <paramref name="gridColumns"/> per row; points: a
    /// scatter plot of all samples over the modes) and <c>samples/epoch-NNN.npy</c> (all <paramref name="samples"/>, float32).
    /// </summary>
    public abstract List<TrainingArtifact> Artifacts(int epoch, Tensor samples, Func<Tensor> grid, int gridColumns);

    public virtual void Dispose()
    {
    }
}
