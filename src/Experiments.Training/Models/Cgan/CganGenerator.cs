using Experiments.Training.Models.Dcgan;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Cgan;

/// <summary>
/// Class-conditional generator (Mirza and Osindero 2014): a generator (the DCGAN's for images, the MLP for points) fed
/// z concatenated with a learned label embedding.
/// </summary>
internal sealed class CganGenerator : Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding labelEmbedding;
    private readonly Module<Tensor, Tensor> generator;

    /// <summary>For 1x28x28 images.</summary>
    public CganGenerator(int classes, int embeddingDim, int latentDim, int baseChannels)
        : this(Embedding(classes, embeddingDim), new DcganGenerator(latentDim + embeddingDim, baseChannels))
    {
    }

    /// <param name="generator">Takes z and the label embedding concatenated, [N, latent_dim + embedding_dim].</param>
    public CganGenerator(int classes, int embeddingDim, Module<Tensor, Tensor> generator)
        : this(Embedding(classes, embeddingDim), generator)
    {
    }

    private CganGenerator(Embedding labelEmbedding, Module<Tensor, Tensor> generator)
        : base(nameof(CganGenerator))
    {
        this.labelEmbedding = labelEmbedding;
        this.generator = generator;
        RegisterComponents();
    }

    public override Tensor forward(Tensor latent, Tensor labels) => generator.call(cat([latent, labelEmbedding.call(labels)], 1));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            labelEmbedding.Dispose();
            generator.Dispose();
        }

        base.Dispose(disposing);
    }
}
