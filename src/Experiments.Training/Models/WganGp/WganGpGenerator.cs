using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.WganGp;

/// <summary>
/// The WGAN-GP generator for 1x28x28 images, the same network as the dcgan generator so that sweeps compare the
/// losses, not the networks: z → linear → 2c×7×7, batch norm, ReLU → convT(2c→c,4,s2,p1), batch norm, ReLU →
/// convT(c→1,4,s2,p1) → tanh, so images come out in [-1, 1]. Batch norm is fine here: the penalty is on the critic.
/// </summary>
internal sealed class WganGpGenerator : Module<Tensor, Tensor>
{
    public const int ImageSide = 28;
    private const int FeatureSide = ImageSide / 4;

    private readonly int baseChannels;
    private readonly Linear project;
    private readonly Sequential upsample;

    public WganGpGenerator(int latentDim, int baseChannels)
        : base(nameof(WganGpGenerator))
    {
        this.baseChannels = baseChannels;
        project = Linear(latentDim, 2L * baseChannels * FeatureSide * FeatureSide, hasBias: false);
        upsample = Sequential(
            ("bn0", BatchNorm2d(2 * baseChannels)),
            ("relu0", ReLU()),
            ("deconv1", ConvTranspose2d(2 * baseChannels, baseChannels, kernel_size: 4, stride: 2, padding: 1, bias: false)),
            ("bn1", BatchNorm2d(baseChannels)),
            ("relu1", ReLU()),
            ("deconv2", ConvTranspose2d(baseChannels, 1, kernel_size: 4, stride: 2, padding: 1)),
            ("tanh", Tanh()));
        RegisterComponents();
    }

    public override Tensor forward(Tensor latent) =>
        upsample.call(project.call(latent).view(-1, 2 * baseChannels, FeatureSide, FeatureSide));

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            project.Dispose();
            upsample.Dispose();
        }

        base.Dispose(disposing);
    }
}
