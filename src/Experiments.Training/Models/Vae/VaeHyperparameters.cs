using Experiments.Contracts.Parameters;

namespace Experiments.Training.Models.Vae;

/// <summary>The VAE's hyperparameters, typed; built from a request already checked against the catalog.</summary>
internal sealed record VaeHyperparameters(
    double LearningRate,
    int BatchSize,
    int LatentDim,
    double Beta,
    int BaseChannels,
    double WeightDecay,
    int AnomalyClass)
{
    public static VaeHyperparameters From(IReadOnlyDictionary<string, ParameterValue> resolved) => new(
        LearningRate: resolved["learning_rate"].AsDouble(),
        BatchSize: checked((int)resolved["batch_size"].AsInt64()),
        LatentDim: checked((int)resolved["latent_dim"].AsInt64()),
        Beta: resolved["beta"].AsDouble(),
        BaseChannels: checked((int)resolved["base_channels"].AsInt64()),
        WeightDecay: resolved["weight_decay"].AsDouble(),
        AnomalyClass: Anomaly.AnomalyClass.From(resolved));
}
