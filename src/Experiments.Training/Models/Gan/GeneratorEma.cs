using Experiments.Contracts.Models;
using Experiments.Contracts.Parameters;

namespace Experiments.Training.Models.Gan;

/// <summary>
/// The hyperparameter <c>generator_ema</c> every GAN family lists: the decay of the moving average of the generator's
/// weights (<see cref="GeneratorAverage{TGenerator}"/>), 0 for none.
/// </summary>
internal static class GeneratorEma
{
    public const string Name = "generator_ema";

    public static HyperparameterDescriptor Descriptor { get; } = new(
        Name,
        ParameterKind.Float,
        ParameterValue.Float(0),
        "Decay of an exponential moving average of the generator's weights, updated after every generator step and used for evaluation and samples (0: none, the live generator; typical: 0.999).",
        Min: 0,
        Max: 0.9999);

    /// <summary>
    /// The decay of update number <paramref name="updates"/> (from 0): min(<paramref name="decay"/>, (1 + n) / (10 + n)), so
    /// the first updates follow the live weights closely and the full decay holds from about 10 / (1 - decay) updates on.
    /// </summary>
    public static double DecayAt(double decay, long updates) => Math.Min(decay, (1.0 + updates) / (10.0 + updates));

    public static double From(IReadOnlyDictionary<string, ParameterValue> resolved) => resolved[Name].AsDouble();
}
