using Experiments.Contracts.Parameters;
using Experiments.Datasets;
using Experiments.Datasets.Mixtures;
using static TorchSharp.torch;

namespace Experiments.Training.Engine;

/// <summary>
/// What a family needs to build a run: every hyperparameter (defaults filled in and checked), the seed, the device,
/// the number of classes of the data set's labels (0 without labels), and the data's shape (which networks to build)
/// and, for points of a known mixture, that mixture (what samples are scored against); for text the character of each
/// index, for a time series the name of each channel.
/// </summary>
internal sealed record ModelRunSettings(IReadOnlyDictionary<string, ParameterValue> Hyperparameters, long Seed, Device Device, int Classes = 0)
{
    public required DataShape Shape { get; init; }

    public GaussianMixture? Mixture { get; init; }

    public IReadOnlyList<string>? Vocabulary { get; init; }

    public IReadOnlyList<string>? Channels { get; init; }
}
