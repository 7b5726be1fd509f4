using Experiments.Training.Models.Dcgan;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Cgan;

/// <summary>
/// Class-conditional discriminator: a learned embedding turns the label into a 28x28 map, stacked with the image as a
/// second input channel of the DCGAN discriminator, so it judges "a real 7", not just "a real digit".
/// </summary>
internal sealed class CganDiscriminator : Module<Tensor, Tensor, Tensor>
{
    private const int Side = DcganGenerator.ImageSide;
    private readonly Embedding labelMap;
    private readonly DcganDiscriminator discriminator;

    public CganDiscriminator(int classes, int baseChannels)
        : base(nameof(CganDiscriminator))
    {
        labelMap = Embedding(classes, Side * Side);
        discriminator = new DcganDiscriminator(baseChannels, inputChannels: 2);
        RegisterComponents();
    }

    public override Tensor forward(Tensor images, Tensor labels) =>
        discriminator.call(cat([images, labelMap.call(labels).view(-1, 1, Side, Side)], 1));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            labelMap.Dispose();
            discriminator.Dispose();
        }

        base.Dispose(disposing);
    }
}
