using Experiments.Contracts.Parameters;
using Experiments.Training.Models.Dcgan;

namespace Experiments.Training.Models.InfoGan;

/// <summary>InfoGAN's hyperparameters: the DCGAN's (networks, optimisers, stabilisers) plus its latent codes and their weights.</summary>
internal sealed record InfoGanHyperparameters(DcganHyperparameters Gan, int Categories, int ContinuousCodes, double InfoLambda, double ContinuousLambda)
{
    public static InfoGanHyperparameters From(IReadOnlyDictionary<string, ParameterValue> resolved) => new(
        DcganHyperparameters.From(resolved),
        Categories: checked((int)resolved["categories"].AsInt64()),
        ContinuousCodes: checked((int)resolved["continuous_codes"].AsInt64()),
        InfoLambda: resolved["info_lambda"].AsDouble(),
        ContinuousLambda: resolved["continuous_lambda"].AsDouble());

    /// <summary>Noise plus codes: the generator's input size.</summary>
    public int GeneratorInput => Gan.LatentDim + Categories + ContinuousCodes;
}
