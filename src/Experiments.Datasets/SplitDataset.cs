using Experiments.Datasets.Mixtures;

namespace Experiments.Datasets;

/// <summary>A data set as a source loads it: its shape, a training split and a held-out split (for held-out metrics).</summary>
public sealed class SplitDataset(string name, DataShape shape, DataSplit train, DataSplit heldOut)
{
    /// <summary>What the spec calls it: a built-in name or the folder's path.</summary>
    public string Name { get; } = name;

    public DataShape Shape { get; } = shape;

    public DataSplit Train { get; } = train;

    public DataSplit HeldOut { get; } = heldOut;

    /// <summary>The distribution the points were drawn from, when it is known (the mixtures): what mode metrics score samples against.</summary>
    public GaussianMixture? Mixture { get; init; }

    /// <summary>For text: the characters (Unicode scalar values, as strings) that token indices stand for, in index order.</summary>
    public IReadOnlyList<string>? Vocabulary { get; init; }

    /// <summary>For a time series: the name of each channel (the CSV columns), in order.</summary>
    public IReadOnlyList<string>? Channels { get; init; }
}
