using Experiments.Contracts.Parameters;
using Experiments.Training.Models.Gan;

namespace Experiments.Training.Models.WganGp;

/// <summary>The WGAN-GP's hyperparameters, typed; built from a request already checked against the catalog.</summary>
internal sealed record WganGpHyperparameters(
    double GeneratorLearningRate,
    double CriticLearningRate,
    double Beta1,
    double Beta2,
    int BatchSize,
    int LatentDim,
    int BaseChannels,
    int CriticSteps,
    double PenaltyWeight,
    bool CriticLayerNorm,
    double GeneratorEma)
{
    public const string NoNorm = "none";
    public const string LayerNorm = "layer";

    public static WganGpHyperparameters From(IReadOnlyDictionary<string, ParameterValue> resolved) => new(
        GeneratorLearningRate: resolved["learning_rate_g"].AsDouble(),
        CriticLearningRate: resolved["learning_rate_critic"].AsDouble(),
        Beta1: resolved["beta1"].AsDouble(),
        Beta2: resolved["beta2"].AsDouble(),
        BatchSize: checked((int)resolved["batch_size"].AsInt64()),
        LatentDim: checked((int)resolved["latent_dim"].AsInt64()),
        BaseChannels: checked((int)resolved["base_channels"].AsInt64()),
        CriticSteps: checked((int)resolved["n_critic"].AsInt64()),
        PenaltyWeight: resolved["gp_lambda"].AsDouble(),
        CriticLayerNorm: resolved["critic_norm"].AsText() == LayerNorm,
        GeneratorEma: Gan.GeneratorEma.From(resolved));
}
