using Experiments.Contracts.Parameters;

namespace Experiments.Training.Models.Autoencoder;

/// <summary>The autoencoder's hyperparameters, typed; built from a request already checked against the catalog.</summary>
internal sealed record AutoencoderHyperparameters(
    double LearningRate,
    int BatchSize,
    int CodeDim,
    int BaseChannels,
    double WeightDecay,
    double Denoising,
    double Sparsity,
    int AnomalyClass)
{
    public static AutoencoderHyperparameters From(IReadOnlyDictionary<string, ParameterValue> resolved) => new(
        LearningRate: resolved["learning_rate"].AsDouble(),
        BatchSize: checked((int)resolved["batch_size"].AsInt64()),
        CodeDim: checked((int)resolved["code_dim"].AsInt64()),
        BaseChannels: checked((int)resolved["base_channels"].AsInt64()),
        WeightDecay: resolved["weight_decay"].AsDouble(),
        Denoising: resolved["denoising"].AsDouble(),
        Sparsity: resolved["sparsity"].AsDouble(),
        AnomalyClass: Anomaly.AnomalyClass.From(resolved));
}
