using Experiments.Training.Engine.Scalars;
using Experiments.Training.Models.Dcgan;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.WganGp;

/// <summary>
/// The WGAN-GP critic for square images (1x28x28 by default): conv(channels→c,4,s2,p1), LeakyReLU(0.2) →
/// conv(c→2c,4,s2,p1), optionally layer norm, LeakyReLU(0.2) → linear → one unbounded score per image (no sigmoid: it estimates a Wasserstein distance).
/// No batch norm: the gradient penalty is per example, and batch norm would make each score depend on the batch.
/// Layer norm is group norm with one group (over channels, height and width, one scale and shift per channel), as in
/// the paper's code.
/// </summary>
internal sealed class WganGpCritic : Module<Tensor, Tensor>
{
    private readonly Sequential layers;

    public WganGpCritic(int baseChannels, bool layerNorm, int channels = 1, int side = DcganGenerator.ImageSide)
        : base(nameof(WganGpCritic))
    {
        var featureSide = side / 4;
        layers = Sequential(
            ("conv1", Conv2d(channels, baseChannels, kernel_size: 4, stride: 2, padding: 1)),
            ("lrelu1", new ScalarSafeLeakyRelu(0.2)),
            ("conv2", Conv2d(baseChannels, 2 * baseChannels, kernel_size: 4, stride: 2, padding: 1)),
            ("norm2", layerNorm ? LayerNormOverChannels(2 * baseChannels) : Identity()),
            ("lrelu2", new ScalarSafeLeakyRelu(0.2)),
            ("flatten", Flatten()),
            ("score", Linear(2L * baseChannels * featureSide * featureSide, 1)));
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

    /// <summary>
    /// Group norm with one group, its scale set to 1 and shift to 0 here: TorchSharp 0.107's GroupNorm leaves both
    /// uninitialised (whatever the allocator held, NaN included), which made runs diverge at random.
    /// </summary>
    private static Module<Tensor, Tensor> LayerNormOverChannels(int channels)
    {
        var norm = GroupNorm(1, channels);
        using (no_grad())
        {
            norm.weight.FillWith_(1);
            norm.bias!.zero_();
        }

        return norm;
    }
}
