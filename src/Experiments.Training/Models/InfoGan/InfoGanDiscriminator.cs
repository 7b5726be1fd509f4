using Experiments.Training.Engine.Scalars;
using Experiments.Training.Models.Dcgan;
using Experiments.Training.Models.Gan;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace Experiments.Training.Models.InfoGan;

/// <summary>
/// InfoGAN's discriminator (Chen et al. 2016): a shared trunk (the DCGAN discriminator's convolutions for images, the
/// maxout layers of <see cref="MlpDiscriminator"/> for points), a D head (one logit: real or generated) and an auxiliary
/// Q head that recovers the latent codes from an example: logits over the categories, then the means of the
/// continuous codes.
/// </summary>
internal sealed class InfoGanDiscriminator : Module<Tensor, (Tensor Logit, Tensor Codes)>
{
    private const int QHidden = 128;
    private readonly Module<Tensor, Tensor> trunk;
    private readonly Linear discriminate;
    private readonly Sequential recover;

    /// <summary>For 1x28x28 images.</summary>
    public InfoGanDiscriminator(int baseChannels, int codes)
        : this(ImageTrunk(baseChannels), 2L * baseChannels * (DcganGenerator.ImageSide / 4) * (DcganGenerator.ImageSide / 4), codes)
    {
    }

    /// <param name="trunk">Features [N, <paramref name="features"/>] of examples.</param>
    public InfoGanDiscriminator(Module<Tensor, Tensor> trunk, long features, int codes)
        : base(nameof(InfoGanDiscriminator))
    {
        this.trunk = trunk;
        discriminate = Linear(features, 1);
        recover = Sequential(
            ("q1", Linear(features, QHidden)),
            ("qbn", ScalarSafeBatchNorm.Over1d(QHidden)),
            ("qlrelu", new ScalarSafeLeakyRelu(0.2)),
            ("q2", Linear(QHidden, codes)));
        RegisterComponents();
    }

    /// <summary>The Q head's parameters: trained with the generator (they both want the codes recoverable).</summary>
    public IEnumerable<Parameter> RecoveryParameters => recover.parameters();

    /// <summary>The trunk and D head's parameters: trained as the discriminator.</summary>
    public IEnumerable<Parameter> DiscriminationParameters => trunk.parameters().Concat(discriminate.parameters());

    public override (Tensor Logit, Tensor Codes) forward(Tensor examples)
    {
        var features = trunk.call(examples);
        return (discriminate.call(features).view(-1), recover.call(features));
    }

    private static Sequential ImageTrunk(int baseChannels) => Sequential(
        ("conv1", Conv2d(1, baseChannels, kernel_size: 4, stride: 2, padding: 1)),
        ("lrelu1", new ScalarSafeLeakyRelu(0.2)),
        ("conv2", Conv2d(baseChannels, 2 * baseChannels, kernel_size: 4, stride: 2, padding: 1, bias: false)),
        ("bn2", ScalarSafeBatchNorm.Over2d(2 * baseChannels)),
        ("lrelu2", new ScalarSafeLeakyRelu(0.2)),
        ("flatten", Flatten()));

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
