using Experiments.Datasets;
using Experiments.Training.Engine.Scalars;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.Dcgan;

/// <summary>
/// DCGAN generator (Radford et al. 2016, sized for MNIST): z → linear → 2c×(s/4)×(s/4), batch norm, ReLU →
/// convT(2c→c,4,s2,p1), batch norm, ReLU → convT(c→channels,4,s2,p1) → tanh, so images of side s come out in [-1, 1]:
/// 1x28x28 by default, any square image whose side is a multiple of 4 (e.g. CIFAR-10's 3x32x32).
/// </summary>
internal sealed class DcganGenerator : Module<Tensor, Tensor>
{
    public const int ImageSide = 28;

    /// <summary>Said where a family built on these networks lists the images it trains on.</summary>
    public const string SupportedImages = "square grey or RGB images whose side is a multiple of 4 (1x28x28, 3x32x32, ...)";

    private readonly int baseChannels;
    private readonly int featureSide;
    private readonly Linear project;
    private readonly Sequential upsample;

    public DcganGenerator(int latentDim, int baseChannels, int channels = 1, int side = ImageSide)
        : base(nameof(DcganGenerator))
    {
        this.baseChannels = baseChannels;
        featureSide = side / 4;
        LatentDim = latentDim;
        project = Linear(latentDim, 2L * baseChannels * featureSide * featureSide, hasBias: false);
        upsample = Sequential(
            ("bn0", ScalarSafeBatchNorm.Over2d(2 * baseChannels)),
            ("relu0", ReLU()),
            ("deconv1", ConvTranspose2d(2 * baseChannels, baseChannels, kernel_size: 4, stride: 2, padding: 1, bias: false)),
            ("bn1", ScalarSafeBatchNorm.Over2d(baseChannels)),
            ("relu1", ReLU()),
            ("deconv2", ConvTranspose2d(baseChannels, channels, kernel_size: 4, stride: 2, padding: 1)),
            ("tanh", Tanh()));
        RegisterComponents();
    }

    public int LatentDim { get; }

    /// <summary>Whether these networks fit <paramref name="image"/>: see <see cref="SupportedImages"/>.</summary>
    public static bool Supports(ImageShape image) =>
        image.Height == image.Width && image.Height % 4 == 0 && image.Height >= 8 && image.Channels is 1 or 3;

    public override Tensor forward(Tensor latent) =>
        upsample.call(project.call(latent).view(-1, 2 * baseChannels, featureSide, featureSide));

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
