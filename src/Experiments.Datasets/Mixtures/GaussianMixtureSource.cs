namespace Experiments.Datasets.Mixtures;

/// <summary>
/// Points drawn from a <see cref="GaussianMixture"/> with a fixed seed of the source's own (not the trial's), so
/// every trial of every sweep trains and is scored on the same points: <see cref="TrainCount"/> for training and
/// <see cref="HeldOutCount"/> held out, each labelled with the mode it was drawn from.
/// </summary>
public sealed class GaussianMixtureSource(string name, GaussianMixture mixture, int dataSeed) : IDataSource
{
    /// <summary>PacGAN's 100,000 (<c>num_sample</c>): so many that a discriminator cannot tell the training points from the mixture itself.</summary>
    public const int TrainCount = 100_000;

    /// <summary>The 2,500 samples the VEEGAN/PacGAN protocol scores: real points the discriminator is shown in evaluation.</summary>
    public const int HeldOutCount = 2_500;

    public string Name { get; } = name;

    public GaussianMixture Mixture { get; } = mixture;

    public DataShape Check() => new PointShape(Mixture.Dimension);

    public SplitDataset Load()
    {
        var random = new Random(dataSeed);
        var (train, trainLabels) = Mixture.Sample(TrainCount, random);
        var (heldOut, heldOutLabels) = Mixture.Sample(HeldOutCount, random);
        return new SplitDataset(
            Name,
            Check(),
            DataSplit.OfPoints(train, TrainCount, trainLabels),
            DataSplit.OfPoints(heldOut, HeldOutCount, heldOutLabels))
        {
            Mixture = Mixture,
        };
    }
}
