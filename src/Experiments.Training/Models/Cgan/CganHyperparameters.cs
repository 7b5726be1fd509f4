using Experiments.Contracts.Parameters;
using Experiments.Training.Models.Dcgan;

namespace Experiments.Training.Models.Cgan;

/// <summary>The cGAN's hyperparameters: the DCGAN's (same networks and stabilisers) plus the label embedding size.</summary>
internal sealed record CganHyperparameters(DcganHyperparameters Gan, int EmbeddingDim)
{
    public static CganHyperparameters From(IReadOnlyDictionary<string, ParameterValue> resolved) => new(
        DcganHyperparameters.From(resolved),
        checked((int)resolved["embedding_dim"].AsInt64()));
}
