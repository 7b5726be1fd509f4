using Experiments.Training.Engine.Scalars;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Dcgan;

/// <summary>
/// DCGAN discriminator for square images (1x28x28 by default): conv(channels→c,4,s2,p1), LeakyReLU(0.2) →
/// conv(c→2c,4,s2,p1), batch norm, LeakyReLU(0.2) → linear → one logit per image (BCE with logits is the loss, so no
/// sigmoid here).
/// </summary>
internal sealed class DcganDiscriminator : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    /// <param name="inputChannels">1 for grey images, 3 for RGB; more when a conditional model adds label maps as channels.</param>
    /// <param name="side">The images' side, a multiple of 4.</param>
    public DcganDiscriminator(int baseChannels, int inputChannels = 1, int side = DcganGenerator.ImageSide)
        : base(nameof(DcganDiscriminator))
    {
        var featureSide = side / 4;
        layers = Sequential(
            ("conv1", Conv2d(inputChannels, baseChannels, kernel_size: 4, stride: 2, padding: 1)),
            ("lrelu1", new ScalarSafeLeakyRelu(0.2)),
            ("conv2", Conv2d(baseChannels, 2 * baseChannels, kernel_size: 4, stride: 2, padding: 1, bias: false)),
            ("bn2", ScalarSafeBatchNorm.Over2d(2 * baseChannels)),
            ("lrelu2", new ScalarSafeLeakyRelu(0.2)),
            ("flatten", Flatten()),
            ("logit", Linear(2L * baseChannels * featureSide * featureSide, 1)));
        RegisterComponents();
    }

    public override Tensor forward(Tensor images) => layers.call(images).view(-1);

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            layers.Dispose();
        }

        base.Dispose(disposing);
    }
}
