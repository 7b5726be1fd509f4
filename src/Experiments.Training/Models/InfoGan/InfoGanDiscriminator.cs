using Experiments.Training.Models.Dcgan;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.InfoGan;

/// <summary>
/// InfoGAN's discriminator (Chen et al. 2016): the DCGAN discriminator's convolutions as a shared trunk, a D head (one
/// logit: real or generated) and an auxiliary Q head that recovers the latent codes from an image: logits over the
/// categories, then the means of the continuous codes.
/// </summary>
internal sealed class InfoGanDiscriminator : Module<Tensor, (Tensor Logit, Tensor Codes)>
{
    private const int QHidden = 128;
    private readonly Sequential trunk;
    private readonly Linear discriminate;
    private readonly Sequential recover;

    public InfoGanDiscriminator(int baseChannels, int codes)
        : base(nameof(InfoGanDiscriminator))
    {
        const int featureSide = DcganGenerator.ImageSide / 4;
        var features = 2L * baseChannels * featureSide * featureSide;
        trunk = Sequential(
            ("conv1", Conv2d(1, baseChannels, kernel_size: 4, stride: 2, padding: 1)),
            ("lrelu1", LeakyReLU(0.2)),
            ("conv2", Conv2d(baseChannels, 2 * baseChannels, kernel_size: 4, stride: 2, padding: 1, bias: false)),
            ("bn2", BatchNorm2d(2 * baseChannels)),
            ("lrelu2", LeakyReLU(0.2)),
            ("flatten", Flatten()));
        discriminate = Linear(features, 1);
        recover = Sequential(
            ("q1", Linear(features, QHidden)),
            ("qbn", BatchNorm1d(QHidden)),
            ("qlrelu", LeakyReLU(0.2)),
            ("q2", Linear(QHidden, codes)));
        RegisterComponents();
    }

    /// <summary>The Q head's parameters: trained with the generator (they both want the codes recoverable).</summary>
    public IEnumerable<Parameter> RecoveryParameters => recover.parameters();

    /// <summary>The trunk and D head's parameters: trained as the discriminator.</summary>
    public IEnumerable<Parameter> DiscriminationParameters => trunk.parameters().Concat(discriminate.parameters());

    public override (Tensor Logit, Tensor Codes) forward(Tensor images)
    {
        var features = trunk.call(images);
        return (discriminate.call(features).view(-1), recover.call(features));
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            trunk.Dispose();
            discriminate.Dispose();
            recover.Dispose();
        }

        base.Dispose(disposing);
    }
}
