using Experiments.Training.Models.Gan;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Cgan;

/// <summary>
/// Class-conditional discriminator for points: a learned label embedding concatenated to the point's coordinates, fed
/// to the maxout MLP, so it judges "a real point of mode 3", not just "a real point".
/// </summary>
internal sealed class CganPointDiscriminator : Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding labelEmbedding;
    private readonly MlpDiscriminator discriminator;

    public CganPointDiscriminator(int classes, int embeddingDim, int dimension)
        : base(nameof(CganPointDiscriminator))
    {
        labelEmbedding = Embedding(classes, embeddingDim);
        discriminator = new MlpDiscriminator(dimension + embeddingDim);
        RegisterComponents();
    }

    public override Tensor forward(Tensor points, Tensor labels) => discriminator.call(cat([points, labelEmbedding.call(labels)], 1));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            labelEmbedding.Dispose();
            discriminator.Dispose();
        }

        base.Dispose(disposing);
    }
}
