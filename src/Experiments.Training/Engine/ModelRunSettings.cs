using Experiments.Contracts.Parameters;
using static TorchSharp.torch;

namespace Experiments.Training.Engine;

/// <summary>
/// What a family needs to build a run: every hyperparameter (defaults filled in and checked), the seed, the device,
/// and the number of classes of the data set's labels (0 without labels).
/// </summary>
internal sealed record ModelRunSettings(IReadOnlyDictionary<string, ParameterValue> Hyperparameters, long Seed, Device Device, int Classes = 0);
