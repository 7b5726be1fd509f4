using Experiments.Contracts.Parameters;
using Experiments.Training;

namespace Experiments.Bench.BareLoops;

/// <summary>The bare loop of each registered model, built with the model's default hyperparameters (as the product part runs it).</summary>
internal static class BareLoopRegistry
{
    public static IReadOnlyList<string> Models { get; } = ["vae", "dcgan", "cgan", "infogan", "wgan-gp", "autoencoder", "lstm-lm"];

    public static IBareLoop Create(string model)
    {
        var defaults = HyperparameterResolver.Resolve(HyperparameterResolver.FindFamily(model).Descriptor, new Dictionary<string, ParameterValue>());
        return model switch
        {
            "vae" => new BareVaeLoop(defaults),
            "dcgan" => new BareDcganLoop(defaults),
            "cgan" => new BareCganLoop(defaults),
            "infogan" => new BareInfoGanLoop(defaults),
            "wgan-gp" => new BareWganGpLoop(defaults),
            "autoencoder" => new BareAutoencoderLoop(defaults),
            "lstm-lm" => new BareLstmLmLoop(defaults),
            _ => throw new ArgumentException($"No bare loop for model '{model}'; models: {string.Join(", ", Models)}."),
        };
    }
}
