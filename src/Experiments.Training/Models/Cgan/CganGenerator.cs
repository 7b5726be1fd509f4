using Experiments.Training.Models.Dcgan;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Cgan;

/// <summary>Class-conditional generator (Mirza and Osindero 2014): the DCGAN generator fed z concatenated with a learned label embedding.</summary>
internal sealed class CganGenerator : Module<Tensor, Tensor, Tensor>
{
    private readonly Embedding labelEmbedding;
    private readonly DcganGenerator generator;

    public CganGenerator(int classes, int embeddingDim, int latentDim, int baseChannels)
        : base(nameof(CganGenerator))
    {
        labelEmbedding = Embedding(classes, embeddingDim);
        generator = new DcganGenerator(latentDim + embeddingDim, baseChannels);
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
