using Experiments.Contracts.Parameters;
using static TorchSharp.torch;

namespace Experiments.Training.Engine;

/// <summary>What a family needs to build a run: every hyperparameter (defaults filled in and checked), the seed and the device.</summary>
internal sealed record ModelRunSettings(IReadOnlyDictionary<string, ParameterValue> Hyperparameters, long Seed, Device Device);
