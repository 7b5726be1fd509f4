using Experiments.Contracts.Parameters;
using Experiments.Training.Models.Gan;

namespace Experiments.Training.Models.Dcgan;

/// <summary>The DCGAN's hyperparameters, typed; built from a request already checked against the catalog.</summary>
internal sealed record DcganHyperparameters(
    double GeneratorLearningRate,
    double DiscriminatorLearningRate,
    double Beta1,
    double Beta2,
    int BatchSize,
    int LatentDim,
    int BaseChannels,
    int DiscriminatorSteps,
    double LabelSmoothing,
    double LabelFlip,
    double InstanceNoise,
    double GeneratorEma)
{
    public static DcganHyperparameters From(IReadOnlyDictionary<string, ParameterValue> resolved) => new(
        GeneratorLearningRate: resolved["learning_rate_g"].AsDouble(),
        DiscriminatorLearningRate: resolved["learning_rate_d"].AsDouble(),
        Beta1: resolved["beta1"].AsDouble(),
        Beta2: resolved["beta2"].AsDouble(),
        BatchSize: checked((int)resolved["batch_size"].AsInt64()),
        LatentDim: checked((int)resolved["latent_dim"].AsInt64()),
        BaseChannels: checked((int)resolved["base_channels"].AsInt64()),
        DiscriminatorSteps: checked((int)resolved["d_steps"].AsInt64()),
        LabelSmoothing: resolved["label_smoothing"].AsDouble(),
        LabelFlip: resolved["label_flip"].AsDouble(),
        InstanceNoise: resolved["instance_noise"].AsDouble(),
        GeneratorEma: Gan.GeneratorEma.From(resolved));
}
