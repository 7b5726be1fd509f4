using Experiments.Datasets;
using Experiments.Datasets.Mixtures;
using Experiments.Training.Engine.Scalars;
using TorchSharp;
using static TorchSharp.torch;

namespace Experiments.Training.Datasets;

/// <summary>
/// A data set as tensors: the training and held-out examples [N, ...<see cref="Shape"/>] (images as floats in [0, 1],
/// points and time series as they are, one row per time step; text as int64 character indices [N]) and their class
/// labels when the source has them, each split kept whole in memory.
/// </summary>
internal sealed class TrainingData : IDisposable
{
    public TrainingData(SplitDataset source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Name = source.Name;
        Shape = source.Shape;
        Train = ToTensor(source.Train, source.Shape);
        HeldOut = ToTensor(source.HeldOut, source.Shape);
        TrainLabels = source.Train.Labels;
        HeldOutLabels = source.HeldOut.Labels;
        Mixture = source.Mixture;
        Vocabulary = source.Vocabulary;
        Channels = source.Channels;
    }

    public string Name { get; }

    public DataShape Shape { get; }

    public Tensor Train { get; }

    public Tensor HeldOut { get; }

    public byte[]? TrainLabels { get; }

    public byte[]? HeldOutLabels { get; }

    /// <summary>The mixture the points were drawn from (ring8, grid25), for mode metrics; null for other data.</summary>
    public GaussianMixture? Mixture { get; }

    /// <summary>For text: the character of each index.</summary>
    public IReadOnlyList<string>? Vocabulary { get; }

    /// <summary>For a time series: the name of each channel.</summary>
    public IReadOnlyList<string>? Channels { get; }

    /// <summary>Number of classes (largest label + 1), or 0 when the data set has no labels.</summary>
    public int Classes => TrainLabels is { Length: > 0 } labels ? labels.Max() + 1 : 0;

    public long TrainCount => Train.shape[0];

    public long HeldOutCount => HeldOut.shape[0];

    public void Dispose()
    {
        Train.Dispose();
        HeldOut.Dispose();
    }

    private static Tensor ToTensor(DataSplit split, DataShape shape)
    {
        long[] dimensions = [split.Count, .. shape.Dimensions];
        if (split.Tokens is { } tokens)
        {
            return torch.tensor(tokens.Select(token => (long)token).ToArray(), dimensions);
        }

        if (split.Coordinates is { } coordinates)
        {
            return torch.tensor(coordinates, dimensions);
        }

        // Bytes to floats in libtorch: a data set of colour images is several times larger as floats than as bytes.
        using var pixels = torch.tensor(split.Pixels!, dimensions);
        return pixels.to_type(ScalarType.Float32).DivideBy_(255f);
    }
}
